package server

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/samskap/samskap/client"
)

// staticImport finds a module's static imports of the client's own
// modules: `import … from './x.js'`, `export … from './x.js'` and
// `import './x.js'`. Dynamic imports (`import('./x.js')`) are left out:
// they load later, when needed.
var staticImport = regexp.MustCompile(`(?m)^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"](\.{1,2}/[^'"]+\.js)['"]`)

// moduleGraph lists entry and every module it imports statically, directly
// or through others, as URL paths ("/static/…"), sorted. Paths in fsys
// are like "static/page-board.js".
func moduleGraph(fsys fs.FS, entry string) ([]string, error) {
	seen := map[string]bool{}
	todo := []string{entry}
	for len(todo) > 0 {
		p := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[p] {
			continue
		}
		seen[p] = true
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("module graph of %s: %w", entry, err)
		}
		for _, m := range staticImport.FindAllSubmatch(src, -1) {
			next := path.Join(path.Dir(p), string(m[1]))
			if strings.HasPrefix(next, "..") {
				return nil, fmt.Errorf("module graph of %s: %s imports %s, outside the client", entry, p, m[1])
			}
			todo = append(todo, next)
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, "/"+p)
	}
	slices.Sort(out)
	return out, nil
}

// boardModules is every module the board page needs before it can show a
// note (page-board.js and what it imports), space-separated for the
// index page's samskap-board-modules meta element. The join page
// preloads them all at once while the person types their name
// (page-join.js), instead of the browser finding them level by level:
// on a slow link (400 ms a round trip) each level of imports costs a
// round trip more before the first note.
// Worked out on the first page served, not when the package loads (the
// load tool and every test process import it).
var boardModules = sync.OnceValue(func() string {
	mods, err := moduleGraph(client.FS, "static/page-board.js")
	if err != nil {
		panic(err) // the embedded client is broken: TestBoardModulesCoverTheBoardPage fails
	}
	return strings.Join(mods, " ")
})
