package workshops

import (
	"slices"
)

// Limits of the agenda (the facilitator's run of show).
const (
	MaxAgendaSteps  = 200  // steps in one agenda
	MaxStepOps      = 12   // actions of one step
	MaxStepTitleLen = 120  // characters in a step's title
	MaxStepSayLen   = 2000 // characters in what the facilitator says
	MaxStepMinutes  = 24 * 60
)

// AgendaStep is one step of the facilitator's run of show: what to say and
// the actions "Next step" performs. Consecutive steps with the same Part
// make one item of the agenda (an exercise); participants see only the
// items, their titles and the time.
type AgendaStep struct {
	// Part groups the steps of one exercise: a template's exercise key (or
	// "intro"). Empty: the step is an item of its own.
	Part string `json:"part,omitempty"`
	// Title is the item's title, shown to everyone ("Idémyldring").
	Title string `json:"title"`
	// Say is what the facilitator says and does; facilitators only.
	Say string `json:"say,omitempty"`
	// Minutes is the step's planned length (its timer), 0 for none.
	Minutes int `json:"minutes,omitempty"`
	// Ops are the operations the step performs, in order; facilitators
	// only. Only the kinds of [AgendaOpKinds] may be used.
	Ops []Op `json:"ops,omitempty"`
	// Assign spreads the participants evenly over the groups (the server
	// chooses, as group.assign) before Ops.
	Assign bool `json:"assign,omitempty"`
	// Top marks the Top notes with the most dots in vote TopVote, in each
	// group with TopPerGroup (vote.top), after Ops.
	Top         int    `json:"top,omitempty"`
	TopVote     string `json:"topVote,omitempty"`
	TopPerGroup bool   `json:"topPerGroup,omitempty"`
	// PickMin is the least number of cards each area of the part should
	// pick (a municipality's goal images); progress flags areas below it.
	PickMin int `json:"pickMin,omitempty"`
}

// Agenda is the workshop's run of show and where the facilitator is in it.
type Agenda struct {
	Steps []AgendaStep `json:"steps"`
	// Current is the step under way, counted from 1; 0 before the first.
	Current int `json:"current"`
	// StepAt is the server time (unix ms) the current step began.
	StepAt int64 `json:"stepAt,omitempty"`
}

// AgendaOpKinds are the operations an agenda step may perform: the
// facilitator's moves through a workshop, nothing that writes content.
var AgendaOpKinds = []OpKind{
	OpBoardFocus, OpBoardMessage, OpBoardLock, OpFrameLock,
	OpGroupPick, OpBreakoutStart, OpBreakoutEnd,
	OpVoteOpen, OpVoteClose, OpVoteReveal,
	OpPrivateStart, OpPrivateReveal,
	OpTimerStart, OpTimerPause, OpTimerReset,
}

func (a *Agenda) clone() *Agenda {
	if a == nil {
		return nil
	}
	c := *a
	c.Steps = slices.Clone(a.Steps)
	for i := range c.Steps {
		c.Steps[i].Ops = slices.Clone(c.Steps[i].Ops)
	}
	return &c
}

// forParticipants is the agenda as participants see it: each step's part,
// title and minutes, not the script nor the actions.
func (a *Agenda) forParticipants() *Agenda {
	c := &Agenda{Current: a.Current, StepAt: a.StepAt, Steps: make([]AgendaStep, len(a.Steps))}
	for i, s := range a.Steps {
		c.Steps[i] = AgendaStep{Part: s.Part, Title: s.Title, Minutes: s.Minutes}
	}
	return c
}

// cleanStep checks one step and returns it trimmed.
func cleanStep(s AgendaStep) (AgendaStep, error) {
	var err error
	if s.Part != "" && !ValidID(s.Part) {
		return s, Errorf(EINVALID, "a step's part must be a short ID")
	}
	if s.Title, err = cleanLine(s.Title, "step title", MaxStepTitleLen); err != nil {
		return s, err
	}
	if s.Say, err = cleanText(s.Say, "what to say", MaxStepSayLen); err != nil {
		return s, err
	}
	if s.Minutes < 0 || s.Minutes > MaxStepMinutes {
		return s, Errorf(EINVALID, "a step lasts 0 to %d minutes", MaxStepMinutes)
	}
	if len(s.Ops) > MaxStepOps {
		return s, Errorf(ELIMIT, "a step has room for %d actions", MaxStepOps)
	}
	for i := range s.Ops {
		op := &s.Ops[i]
		if !slices.Contains(AgendaOpKinds, op.Kind) {
			return s, Errorf(EINVALID, "a step cannot perform %q", truncate(string(op.Kind), 40))
		}
		if err := op.CheckShape(); err != nil {
			return s, err
		}
	}
	if s.Top < 0 || s.Top > MaxListLen {
		return s, Errorf(EINVALID, "a step marks 0 to %d top notes", MaxListLen)
	}
	if (s.Top > 0) != (s.TopVote != "") || s.TopVote != "" && !ValidID(s.TopVote) {
		return s, Errorf(EINVALID, "top notes need a vote, and a vote needs a number of top notes")
	}
	if s.PickMin < 0 || s.PickMin > MaxListLen {
		return s, Errorf(EINVALID, "a step asks each area to pick 0 to %d cards", MaxListLen)
	}
	if s.TopPerGroup && s.Top == 0 {
		return s, Errorf(EINVALID, "top notes per group need a number of top notes")
	}
	if len(s.Ops) == 0 {
		s.Ops = nil
	}
	return s, nil
}

// agendaSet replaces the agenda; without a list it removes it. The step
// under way stays where it is, or moves to the last step if the new agenda
// is shorter.
func agendaSet(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "set the agenda"); err != nil {
		return nil, err
	}
	steps := e.Op.Agenda
	if len(steps) > MaxAgendaSteps {
		return nil, Errorf(ELIMIT, "an agenda has room for %d steps", MaxAgendaSteps)
	}
	clean := make([]AgendaStep, len(steps))
	for i, s := range steps {
		c, err := cleanStep(s)
		if err != nil {
			return nil, Errorf(ErrorCode(err), "step %d: %s", i+1, ErrorMessage(err))
		}
		clean[i] = c
	}
	return func() {
		// Participants see a redacted agenda: a snapshot, not the event.
		b.ViewSeq = e.Seq
		if len(clean) == 0 {
			b.Agenda = nil
			return
		}
		a := &Agenda{Steps: clean}
		if b.Agenda != nil {
			a.Current, a.StepAt = min(b.Agenda.Current, len(clean)), b.Agenda.StepAt
		}
		b.Agenda = a
	}, nil
}

// agendaGo moves the agenda to a step (0: before the first), if it still
// is at FromStep: two facilitators pressing "Next step" at once move it once.
// It only records where the workshop is; the step's actions are
// operations of their own (see [Board.PlanStep]).
func agendaGo(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "move through the agenda"); err != nil {
		return nil, err
	}
	if b.Agenda == nil {
		return nil, Errorf(ENOTFOUND, "the workshop has no agenda")
	}
	step, from := *e.Op.Step, *e.Op.FromStep
	if from != b.Agenda.Current {
		return nil, Errorf(ECONFLICT, "the agenda is at step %d, not %d", b.Agenda.Current, from)
	}
	if step < 0 || step > len(b.Agenda.Steps) {
		return nil, Errorf(EINVALID, "the agenda has steps 1 to %d", len(b.Agenda.Steps))
	}
	return func() {
		a := *b.Agenda
		a.Current, a.StepAt = step, e.At
		b.Agenda = &a
	}, nil
}

// Skipped is an action of a step that was left out, and why.
type Skipped struct {
	Kind   OpKind `json:"kind"`
	Reason string `json:"reason"`
}

// PlanStep returns the operations that perform step s on b now, as actor
// would send them, and the actions it leaves out because they are done
// already or cannot be done (a vote opened before, a frame deleted since,
// breakout on already). A vote opened while another is open closes the
// other first. Each operation is tried on a copy of b in order, so the
// list is one Apply accepts from this state. shuffle decides an Assign
// (nil: in ID order). b is not changed.
func (b *Board) PlanStep(s AgendaStep, actor string, shuffle func(n int, swap func(i, j int))) ([]Op, []Skipped) {
	trial := b.Clone()
	var ops []Op
	var skipped []Skipped
	try := func(op Op) {
		e := Event{Seq: trial.Seq + 1, OpID: "plan", Actor: actor, At: 0, Op: op}
		if err := Apply(trial, e); err != nil {
			skipped = append(skipped, Skipped{Kind: op.Kind, Reason: ErrorMessage(err)})
			return
		}
		ops = append(ops, op)
	}
	if s.Assign {
		if assign, err := trial.AssignEvenly(shuffle); err != nil {
			skipped = append(skipped, Skipped{Kind: OpGroupAssign, Reason: ErrorMessage(err)})
		} else {
			try(Op{Kind: OpGroupAssign, Assign: assign})
		}
	}
	for _, op := range s.Ops {
		op = cloneOp(op)
		switch op.Kind {
		case OpBreakoutStart, OpBreakoutEnd:
			if trial.Breakout == (op.Kind == OpBreakoutStart) {
				skipped = append(skipped, Skipped{Kind: op.Kind, Reason: "already so"})
				continue
			}
		case OpPrivateStart:
			if trial.Private != nil {
				skipped = append(skipped, Skipped{Kind: op.Kind, Reason: "a private step is under way"})
				continue
			}
		case OpPrivateReveal:
			if trial.Private == nil {
				skipped = append(skipped, Skipped{Kind: op.Kind, Reason: "no private step is under way"})
				continue
			}
		case OpVoteOpen:
			if _, ok := trial.Votes[op.Vote]; ok {
				skipped = append(skipped, Skipped{Kind: op.Kind, Reason: "the vote was opened before"})
				continue
			}
			for _, id := range trial.openVotes() {
				try(Op{Kind: OpVoteClose, Vote: id})
			}
			// Frames deleted since the agenda was written are left out of
			// the vote rather than failing it.
			op.Frames = trial.liveOf(op.Frames)
			if len(op.Frames) == 0 {
				op.Frames = nil
			}
		case OpVoteReveal:
			if v, ok := trial.Votes[op.Vote]; ok && v.Revealed {
				skipped = append(skipped, Skipped{Kind: op.Kind, Reason: "the vote was revealed before"})
				continue
			}
		}
		try(op)
	}
	if s.Top > 0 {
		if v, ok := trial.Votes[s.TopVote]; ok && v.Revealed {
			var groups []string
			if s.TopPerGroup {
				groups = trial.liveGroups()
			}
			if top := trial.TopNotes(s.TopVote, s.Top, groups); len(top) > 0 {
				try(Op{Kind: OpVoteTop, Vote: s.TopVote, Notes: top})
			} else {
				skipped = append(skipped, Skipped{Kind: OpVoteTop, Reason: "no note has dots"})
			}
		} else {
			skipped = append(skipped, Skipped{Kind: OpVoteTop, Reason: "the vote is not revealed"})
		}
	}
	return ops, skipped
}

// openVotes returns the IDs of the open votes, sorted.
func (b *Board) openVotes() []string {
	var ids []string
	for id, v := range b.Votes {
		if v.Open {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// liveOf returns the frames of ids that exist and are not deleted.
func (b *Board) liveOf(ids []string) []string {
	var out []string
	for _, id := range ids {
		if f, ok := b.Frames[id]; ok && !f.Deleted {
			out = append(out, id)
		}
	}
	return out
}

// TopNotes proposes the top notes of a vote from its ranking: the n notes
// with the most dots overall, or, with groups, the n best of each group's
// frames, groups in the given order.
func (b *Board) TopNotes(voteID string, n int, groups []string) []string {
	var top []string
	ranking := b.Ranking(voteID)
	if groups == nil {
		for _, t := range ranking {
			if len(top) == n {
				break
			}
			top = append(top, t.Note)
		}
		return top
	}
	for _, g := range groups {
		k := 0
		for _, t := range ranking {
			if t.Group == g && k < n {
				top = append(top, t.Note)
				k++
			}
		}
	}
	return top
}

func cloneOp(op Op) Op {
	op.Frames = slices.Clone(op.Frames)
	op.Notes = slices.Clone(op.Notes)
	return op
}

// ItemOf returns the agenda item (counted from 1) that step i (from 1)
// belongs to, and the number of items: consecutive steps of one part make
// one item.
func (a *Agenda) ItemOf(i int) (item, items int) {
	prev := ""
	for k, s := range a.Steps {
		if k == 0 || s.Part == "" || s.Part != prev {
			items++
		}
		prev = s.Part
		if k+1 == i {
			item = items
		}
	}
	return item, items
}
