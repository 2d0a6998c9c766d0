package export

import (
	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// InferTemplate names the template a board was built from, which the
// workshop does not store: the template whose FrameRef recognises the most
// of the board's live frames, counting only templates that recognise at
// least one exercise section. It returns "" when none does (a blank or
// hand-made board, exported generically).
func InferTemplate(cat *templates.Catalog, b *workshops.Board) string {
	if cat == nil || b == nil {
		return ""
	}
	best, bestN := "", 0
	for _, t := range cat.Templates() {
		n, sections := 0, 0
		for id, f := range b.Frames {
			if f.Deleted {
				continue
			}
			ref, ok := t.FrameRef(id)
			if !ok || ref.Kind == templates.KindIntro {
				continue
			}
			n++
			if ref.Kind == templates.KindSection {
				sections++
			}
		}
		if sections > 0 && n > bestN {
			best, bestN = t.Key, n
		}
	}
	return best
}
