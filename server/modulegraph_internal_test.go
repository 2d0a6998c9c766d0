package server

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/samskap/samskap/client"
)

func TestModuleGraphFollowsStaticImportsOnly(t *testing.T) {
	fsys := fstest.MapFS{
		"static/a.js":    {Data: []byte("import { b } from './b.js';\nexport { c } from \"./c.js\";\nimport './side.js';\nconst lazy = () => import('./lazy.js');\n// import { no } from './comment-in-the-middle-of-a-line.js' is not at a line start\n")},
		"static/b.js":    {Data: []byte("import {\n  x,\n  y,\n} from './c.js';\nimport { a } from './a.js'; // a cycle\n")},
		"static/c.js":    {Data: []byte("export const c = 1;\n")},
		"static/side.js": {Data: []byte("import { c } from './messages/../c.js';\n")},
		"static/lazy.js": {Data: []byte("")},
	}
	got, err := moduleGraph(fsys, "static/a.js")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/static/a.js", "/static/b.js", "/static/c.js", "/static/side.js"}
	if !slices.Equal(got, want) {
		t.Fatalf("graph %v, want %v (static imports, each once, no dynamic import)", got, want)
	}
	fsys["static/b.js"] = &fstest.MapFile{Data: []byte("import { gone } from './gone.js';\n")}
	if _, err := moduleGraph(fsys, "static/a.js"); err == nil || !strings.Contains(err.Error(), "gone.js") {
		t.Fatalf("a missing module: %v, want an error naming it", err)
	}
}

// The board's list, as the join page gets it, holds the board page and
// modules several imports deep, and every one of them exists.
func TestBoardModulesCoverTheBoardPage(t *testing.T) {
	mods := strings.Fields(boardModules())
	for _, want := range []string{"/static/page-board.js", "/static/board-view.js", "/static/arrow.js", "/static/state.js"} {
		if !slices.Contains(mods, want) {
			t.Errorf("boardModules lacks %s: %v", want, mods)
		}
	}
	for _, m := range mods {
		if _, err := fs.Stat(client.FS, strings.TrimPrefix(m, "/")); err != nil {
			t.Errorf("boardModules lists %s: %v", m, err)
		}
	}
	if slices.Contains(mods, "/static/page-start.js") {
		t.Errorf("boardModules holds the organiser's page, which the board does not import: %v", mods)
	}
}
