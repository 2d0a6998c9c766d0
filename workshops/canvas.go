package workshops

import "slices"

// Limits of the canvas items (docs/PROTOCOL.md, "The canvas").
const (
	MinShapeSize       = 20.0
	MaxShapeSize       = 20_000.0
	MaxShapes          = 2000 // live shapes and text labels on one board
	MaxConnectors      = 2000 // live connectors on one board
	MaxLabelLen        = 200  // characters in a connector's label
	MinClusterSize     = 80.0
	MaxClusterSize     = 20_000.0
	MaxClusters        = 500 // live clusters on one board
	MaxClusterNameLen  = 60
	MaxCommentLen      = 500 // characters in one comment
	MaxCommentsPerNote = 50  // live comments on one note
	MaxBatchOps        = 200 // ops in one batch
	// EditLockMs is how long a note.editing lock holds from its event:
	// the client renews it every 10 s while its editor is open.
	EditLockMs = 20_000
)

// ShapeForm is the form of a shape: a rectangle, an ellipse, or a free
// text label (no outline).
type ShapeForm string

// The shape forms.
const (
	FormRect    ShapeForm = "rect"
	FormEllipse ShapeForm = "ellipse"
	FormText    ShapeForm = "text"
)

// Valid reports whether f is one of the forms.
func (f ShapeForm) Valid() bool { return f == FormRect || f == FormEllipse || f == FormText }

// ConnectorStyle is how a connector is drawn.
type ConnectorStyle string

// The connector styles.
const (
	StyleArrow ConnectorStyle = "arrow" // an arrowhead at the To end (the default)
	StyleLine  ConnectorStyle = "line"
)

// Valid reports whether s is one of the styles.
func (s ConnectorStyle) Valid() bool { return s == StyleArrow || s == StyleLine }

// Reactions are the reactions a person may put on a note, in the order a
// client shows them: 👍 ❤️ 💡 ❓ 🎉.
var Reactions = []string{"like", "heart", "idea", "question", "celebrate"}

// RefType is the kind of item a connector's end names.
type RefType string

// The items a connector may join.
const (
	RefNote    RefType = "note"
	RefShape   RefType = "shape"
	RefFrame   RefType = "frame"
	RefCluster RefType = "cluster"
)

// Ref names an item: a connector's end.
type Ref struct {
	Type RefType `json:"type"`
	ID   string  `json:"id"`
}

// Shape is a rectangle, an ellipse or a free text label. It is placed like
// a note (Frame, Private) and, like a note, its text is its author's.
type Shape struct {
	ID      string    `json:"id"`
	Form    ShapeForm `json:"form"`
	X       float64   `json:"x"`
	Y       float64   `json:"y"`
	W       float64   `json:"w"`
	H       float64   `json:"h"`
	Text    string    `json:"text,omitempty"`
	Color   Color     `json:"color,omitempty"` // "": the default ink
	Author  string    `json:"author"`
	Frame   string    `json:"frame,omitempty"`
	Private bool      `json:"private,omitempty"`
	// Z is the seq of the shape's create or last move; Seq the seq of the
	// last event that changed it (an ifSeq names it).
	Z         uint64 `json:"z"`
	Seq       uint64 `json:"seq"`
	CreatedAt int64  `json:"createdAt"`
	UpdatedAt int64  `json:"updatedAt"`
	Deleted   bool   `json:"deleted,omitempty"`
}

// Cluster is a named region a group draws around notes in a frame. A note
// belongs to the smallest live cluster in its own frame that holds its
// centre ([Board.ClusterOf]); membership is never stored.
type Cluster struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	X       float64 `json:"x"`
	Y       float64 `json:"y"`
	W       float64 `json:"w"`
	H       float64 `json:"h"`
	Frame   string  `json:"frame,omitempty"`
	Private bool    `json:"private,omitempty"`
	Author  string  `json:"author"` // who made it
	By      string  `json:"by"`     // who named it last
	Z       uint64  `json:"z"`
	Seq     uint64  `json:"seq"`
	// CreatedAt and UpdatedAt are server times, unix milliseconds.
	CreatedAt int64 `json:"createdAt"`
	UpdatedAt int64 `json:"updatedAt"`
	Deleted   bool  `json:"deleted,omitempty"`
}

// Connector is an arrow or line between two items. The ends are items, so
// it follows them. One whose end is deleted is kept but shown to nobody
// (the dangling rule) until the end comes back.
type Connector struct {
	ID        string         `json:"id"`
	From      Ref            `json:"from"`
	To        Ref            `json:"to"`
	Style     ConnectorStyle `json:"style"`
	Text      string         `json:"text,omitempty"` // the label
	Author    string         `json:"author"`
	Seq       uint64         `json:"seq"`
	CreatedAt int64          `json:"createdAt"`
	UpdatedAt int64          `json:"updatedAt"`
	Deleted   bool           `json:"deleted,omitempty"`
}

// Comment is one message in a note's thread. It is seen by exactly those
// who see the note.
type Comment struct {
	ID        string `json:"id"`
	Note      string `json:"note"`
	Author    string `json:"author"`
	Text      string `json:"text"`
	CreatedAt int64  `json:"createdAt"`
	Seq       uint64 `json:"seq"`
	Deleted   bool   `json:"deleted,omitempty"`
}

// EditLock is the soft lock on a note's text while someone edits it: it
// holds until Until (server time, unix ms) unless released or renewed.
type EditLock struct {
	Note  string `json:"note"`
	By    string `json:"by"`
	Until int64  `json:"until"`
}

// ---- placing boxes (shapes, clusters; notes use the same rules) ----

// box is the geometry every placed item has.
type box struct{ X, Y, W, H float64 }

// frameAtBox returns the frame an item placed at bx belongs to: see frameAt.
func (b *Board) frameAtBox(bx box) string {
	cx, cy := bx.X+bx.W/2, bx.Y+bx.H/2
	best := ""
	var bestArea float64
	var bestZ uint64
	for id, f := range b.Frames {
		if f.Deleted || !f.contains(cx, cy) {
			continue
		}
		area := f.W * f.H
		if best == "" || area < bestArea || area == bestArea && (f.Z > bestZ || f.Z == bestZ && id < best) {
			best, bestArea, bestZ = id, area, f.Z
		}
	}
	return best
}

// placeBox decides where actor may put an item at bx that was in frame
// from (isNew: it is being created or restored). It returns the item's
// frame and whether the move carries it across groups during breakout
// (only facilitators may; the caller then sets ViewSeq).
func (b *Board) placeBox(actor Participant, bx box, from string, isNew bool) (string, bool, error) {
	if err := checkPos(bx.X, bx.Y); err != nil {
		return "", false, err
	}
	frame := b.frameAtBox(bx)
	if err := b.checkPlace(actor, frame); err != nil {
		return "", false, err
	}
	if !isNew {
		if err := b.checkLocks(actor, from); err != nil {
			return "", false, err
		}
	}
	if err := b.checkLocks(actor, frame); err != nil {
		return "", false, err
	}
	crosses := !isNew && b.Breakout && b.frameGroup(from) != b.frameGroup(frame)
	if crosses && actor.Role != RoleFacilitator {
		return "", false, Errorf(EFORBIDDEN, "during breakout things stay with their group")
	}
	return frame, crosses, nil
}

// rescoped reports whether an item restored from a tombstone in frame
// from (private or not) to frame to is seen by other people than the
// tombstone: then a client resuming from before the restore could not
// judge the delete's event by today's board, and the restore must set
// ViewSeq.
func (b *Board) rescoped(from string, fromPrivate bool, to string, toPrivate bool) bool {
	return fromPrivate != toPrivate || b.Breakout && b.frameGroup(from) != b.frameGroup(to)
}

// checkIfSeq is the precondition of undo and redo: when ifSeq is sent, the
// item must still have that seq.
func checkIfSeq(ifSeq, seq uint64, what string) error {
	if ifSeq != 0 && ifSeq != seq {
		return Errorf(ESTALE, "the %s was changed since (seq %d, not %d)", what, seq, ifSeq)
	}
	return nil
}

// needBoth checks that both or neither of a pair of fields are set.
func needBoth(a, b *float64, what string) error {
	if (a == nil) != (b == nil) {
		return Errorf(EINVALID, "give both %s, or neither", what)
	}
	return nil
}

// ClusterOf returns the cluster note n belongs to, or "": the smallest live
// cluster in the note's own frame that holds its centre, then the one
// drawn on top, then the smallest ID. Clients apply the same rule to the
// clusters they hold; ClusterOf, for the export, leaves out private ones
// (not yet revealed to everyone).
func (b *Board) ClusterOf(n Note) string {
	cx, cy := n.X+n.W/2, n.Y+n.H/2
	best := ""
	var bc Cluster
	for id, c := range b.Clusters {
		if c.Deleted || c.Private || c.Frame != n.Frame || cx < c.X || cx > c.X+c.W || cy < c.Y || cy > c.Y+c.H {
			continue
		}
		a, ba := c.W*c.H, bc.W*bc.H
		if best == "" || a < ba || a == ba && (c.Z > bc.Z || c.Z == bc.Z && id < best) {
			best, bc = id, c
		}
	}
	return best
}

// reactionValid reports whether r is one of Reactions.
func reactionValid(r string) bool { return slices.Contains(Reactions, r) }
