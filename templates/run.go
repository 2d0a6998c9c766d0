package templates

import (
	"fmt"
	"slices"

	"github.com/samskap/samskap/workshops"
)

// PreviewFacilitator is the participant ID of the facilitator Preview puts
// on its board to apply the setup operations.
const PreviewFacilitator = "facilitator"

// PreviewBoardID is the ID of the board Preview builds.
const PreviewBoardID = "preview"

var facilitatorName = map[workshops.Lang]string{
	workshops.LangNB: "Prosessleder",
	workshops.LangNN: "Prosessleiar",
	workshops.LangEN: "Facilitator",
}

// Preview builds the template's board the way the server would: a fresh
// board titled with the template's name, one facilitator
// (PreviewFacilitator), and Setup's operations applied with
// workshops.Apply in order, all at server time 0. An operation Apply
// refuses is an error naming it. The board is the same for the same
// parameters (Board.Hash).
func Preview(t *Template, lang workshops.Lang, params Params) (*workshops.Board, error) {
	ops, err := t.Setup(lang, params)
	if err != nil {
		return nil, err
	}
	b, err := previewBoard(t, lang)
	if err != nil {
		return nil, err
	}
	if err := ApplyOps(b, PreviewFacilitator, ops); err != nil {
		return nil, fmt.Errorf("templates: %s: %w", t.Key, err)
	}
	return b, nil
}

func previewBoard(t *Template, lang workshops.Lang) (*workshops.Board, error) {
	b := workshops.NewBoard(PreviewBoardID, t.Name.In(lang))
	join := workshops.Op{Kind: workshops.OpParticipantJoin, Participant: &workshops.Participant{
		ID: PreviewFacilitator, Name: facilitatorName[lang], Role: workshops.RoleFacilitator}}
	if err := workshops.Apply(b, workshops.Event{Seq: 1, OpID: "setup-join", Op: join}); err != nil {
		return nil, fmt.Errorf("templates: preview: %w", err)
	}
	return b, nil
}

// ApplyOps applies ops to b in order as events sent by actor, at server
// time 0, and stops at the first one Apply refuses, naming it.
func ApplyOps(b *workshops.Board, actor string, ops []workshops.Op) error {
	for i, op := range ops {
		e := workshops.Event{Seq: b.Seq + 1, OpID: fmt.Sprintf("setup-%d", b.Seq+1), Actor: actor, Op: op}
		if err := workshops.Apply(b, e); err != nil {
			what := string(op.Kind)
			if id := firstNonEmpty(op.Frame, op.Vote, op.Note, deref(op.Group)); id != "" {
				what += " " + id
			}
			return fmt.Errorf("operation %d (%s) refused: %w", i, what, err)
		}
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// VoteID is the ID of an exercise's vote: the exercise key.
func VoteID(exercise string) string { return exercise }

// StepOps returns the operations of one step of a script: the intro's
// (exercise IntroFrameID) or an exercise's, step counted from 0. Only the
// actions that are operations by themselves give one (see the Do
// constants); groups.assign, vote.top and panel.invite need the live board
// or a form and are left to the caller. A facilitator's client sends the
// operations as they are; the script of every preset, run in order from
// a fresh board, is accepted by Apply (the tests do it).
func (t *Template) StepOps(lang workshops.Lang, params Params, exercise string, step int) ([]workshops.Op, error) {
	plan, err := t.Plan(lang, params)
	if err != nil {
		return nil, err
	}
	script, ex, err := t.script(exercise)
	if err != nil {
		return nil, err
	}
	if step < 0 || step >= len(script) {
		return nil, workshops.Errorf(workshops.EINVALID, "%s has no step %d", exercise, step)
	}
	return stepOps(plan, ex, &script[step], lang), nil
}

// script returns the script of the intro or of an exercise.
func (t *Template) script(exercise string) ([]Step, *Exercise, error) {
	if exercise == IntroFrameID && t.Intro != nil {
		return t.Intro.Script, nil, nil
	}
	ex := t.Exercise(exercise)
	if ex == nil {
		return nil, nil, workshops.Errorf(workshops.ENOTFOUND, "template %s has no exercise %q", t.Key, exercise)
	}
	return ex.Script, ex, nil
}

// stepOps turns a step's actions into operations. ex is nil for the intro.
func stepOps(plan *Plan, ex *Exercise, s *Step, lang workshops.Lang) []workshops.Op {
	var ops []workshops.Op
	var frames []string
	focus, minutes := IntroFrameID, s.Minutes
	if ex != nil {
		frames = plan.ExerciseFrames(ex.Key)
		focus = FrameID(ex.Key, "", "")
		if minutes == 0 {
			minutes = ex.DurationMin
		}
	}
	for _, do := range s.Do {
		switch do {
		case DoFocus:
			ops = append(ops, workshops.Op{Kind: workshops.OpBoardFocus, Frame: focus})
		case DoTimer:
			ops = append(ops, workshops.Op{Kind: workshops.OpTimerStart, Ms: ptr(int64(minutes) * 60_000)})
		case DoMessage:
			if s.Message != nil {
				ops = append(ops, workshops.Op{Kind: workshops.OpBoardMessage, Text: ptr(expand(s.Message.In(lang), plan.text))})
			}
		case DoGroupsPickOn, DoGroupsPickOff:
			ops = append(ops, workshops.Op{Kind: workshops.OpGroupPick, On: ptr(do == DoGroupsPickOn)})
		case DoBreakoutStart:
			ops = append(ops, workshops.Op{Kind: workshops.OpBreakoutStart})
		case DoBreakoutEnd:
			ops = append(ops, workshops.Op{Kind: workshops.OpBreakoutEnd})
		case DoVoteOpen:
			if ex != nil && ex.Vote != nil {
				op := workshops.Op{Kind: workshops.OpVoteOpen, Vote: VoteID(ex.Key), Budget: ptr(ex.Vote.Budget), Frames: slices.Clone(frames)}
				if ex.Vote.Cap > 0 {
					op.Cap = ptr(ex.Vote.Cap)
				}
				ops = append(ops, op)
			}
		case DoVoteReveal:
			if ex != nil {
				ops = append(ops, workshops.Op{Kind: workshops.OpVoteReveal, Vote: VoteID(ex.Key)})
			}
		case DoPrivateStart:
			if ex != nil && ex.Private != nil {
				op := workshops.Op{Kind: workshops.OpPrivateStart, Frames: slices.Clone(frames)}
				if ex.Private.Sealed {
					op.Sealed = ptr(true)
				}
				ops = append(ops, op)
			}
		case DoPrivateReveal:
			ops = append(ops, workshops.Op{Kind: workshops.OpPrivateReveal})
		}
	}
	return ops
}

// TopNotes proposes the top notes of a vote: what a vote.top step sends
// (the facilitator may change it). It is workshops.Board.TopNotes, which
// the agenda uses too.
func TopNotes(b *workshops.Board, voteID string, n int, groups []string) []string {
	return b.TopNotes(voteID, n, groups)
}

// Agenda returns the template's run of show for a board set up with these
// parameters: the intro's script, then each exercise's, one agenda step
// per script step, each with what to say, its minutes and the operations
// StepOps gives (plus the server's share: groups.assign and vote.top).
// The steps of one exercise share its key as their part, so participants
// see "step 2 of 3: Idémyldring". A template without scripts has none.
func (t *Template) Agenda(lang workshops.Lang, params Params) ([]workshops.AgendaStep, error) {
	plan, err := t.Plan(lang, params)
	if err != nil {
		return nil, err
	}
	var steps []workshops.AgendaStep
	add := func(part, title string, ex *Exercise, script []Step) {
		for i := range script {
			s := &script[i]
			st := workshops.AgendaStep{Part: part, Title: title, Say: expand(s.Say.In(lang), plan.text),
				Ops: stepOps(plan, ex, s, lang)}
			if slices.Contains(s.Do, DoTimer) {
				st.Minutes = s.Minutes
				if st.Minutes == 0 && ex != nil {
					st.Minutes = ex.DurationMin
				}
			}
			st.Assign = slices.Contains(s.Do, DoGroupsAssign)
			if slices.Contains(s.Do, DoVoteTop) && ex != nil && ex.Vote != nil && ex.Vote.Top > 0 {
				st.Top, st.TopVote, st.TopPerGroup = ex.Vote.Top, VoteID(ex.Key), ex.Vote.PerGroup
			}
			if ex != nil {
				for _, c := range ex.Choose {
					if c.By == ByArea {
						st.PickMin = max(st.PickMin, c.Min)
					}
				}
			}
			steps = append(steps, st)
		}
	}
	if t.Intro != nil {
		add(IntroFrameID, plainTitle(expand(t.Intro.Title.In(lang), plan.text)), nil, t.Intro.Script)
	}
	for i := range t.Exercises {
		ex := &t.Exercises[i]
		add(ex.Key, plainTitle(expand(ex.Title.In(lang), plan.text)), ex, ex.Script)
	}
	return steps, nil
}

// plainTitle cuts a title to what an agenda step holds.
func plainTitle(s string) string {
	r := []rune(s)
	if len(r) > workshops.MaxStepTitleLen {
		r = r[:workshops.MaxStepTitleLen]
	}
	return string(r)
}
