package server

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/samskap/samskap/templates"
	"github.com/samskap/samskap/workshops"
)

// Limits on the templates organisers save from boards or import.
const (
	maxTemplateFile   = 1 << 20 // bytes in one template file
	maxCustomTemplate = 200     // saved and imported templates on one server
)

// templateLibrary is the catalog the server offers: the presets, built
// into the binary, and the templates organisers saved from a board or
// imported, one file each in <data directory>/templates/<key>.json. Each
// file is checked by templates.Parse exactly like a preset; a file that
// fails (put there by hand) is logged and left out, never offered.
//
// The directory is read again whenever the catalog is asked for (a file is
// parsed again only when its size or time changes), so servers that share
// the directory see each other's templates.
type templateLibrary struct {
	presets *templates.Catalog
	dir     string // "" when the server keeps no files
	log     zerolog.Logger

	mu    sync.Mutex // serialises scans and writes
	files map[string]libraryFile
	cat   *templates.Catalog // presets and the files, as of the last scan
}

type libraryFile struct {
	mod  time.Time
	size int64
	t    *templates.Template // nil: the file is broken
}

func newTemplateLibrary(presets *templates.Catalog, dataDir string, log zerolog.Logger) *templateLibrary {
	l := &templateLibrary{presets: presets, log: log, files: map[string]libraryFile{}, cat: presets}
	if dataDir != "" {
		l.dir = filepath.Join(dataDir, "templates")
	}
	return l
}

// catalog returns the presets and the saved templates.
func (l *templateLibrary) catalog() *templates.Catalog {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.scan()
	return l.cat
}

// scan reads the directory and rebuilds the catalog. The caller holds mu.
func (l *templateLibrary) scan() {
	if l.dir == "" {
		return
	}
	entries, err := os.ReadDir(l.dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.log.Warn().Err(err).Str("dir", l.dir).Msg("templates: cannot read the directory")
		return
	}
	seen := map[string]bool{}
	changed := false
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, ".") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		seen[name] = true
		if old, ok := l.files[name]; ok && old.mod.Equal(info.ModTime()) && old.size == info.Size() {
			continue
		}
		changed = true
		l.files[name] = libraryFile{mod: info.ModTime(), size: info.Size(), t: l.load(name, info.Size())}
	}
	for name := range l.files {
		if !seen[name] {
			delete(l.files, name)
			changed = true
		}
	}
	if !changed {
		return
	}
	names := make([]string, 0, len(l.files))
	for name, f := range l.files {
		if f.t != nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var extra []*templates.Template
	for _, name := range names {
		extra = append(extra, l.files[name].t)
	}
	cat, err := l.presets.With(extra...)
	if err != nil { // load refuses preset keys, so this is not expected
		l.log.Error().Err(err).Msg("templates: saved templates left out")
		cat = l.presets
	}
	l.cat = cat
}

// load parses one file of the directory, or logs why it is left out.
func (l *templateLibrary) load(name string, size int64) *templates.Template {
	fail := func(err error) *templates.Template {
		l.log.Warn().Str("file", filepath.Join(l.dir, name)).Msgf("templates: left out: %v", err)
		return nil
	}
	if size > maxTemplateFile {
		return fail(errors.New("the file is larger than 1 MiB"))
	}
	data, err := os.ReadFile(filepath.Join(l.dir, name))
	if err != nil {
		return fail(err)
	}
	t, err := templates.Parse(name, data)
	if err != nil {
		return fail(err)
	}
	if t.Key+".json" != name {
		return fail(errors.New("its key is " + t.Key + ", so its name must be " + t.Key + ".json"))
	}
	if _, preset := l.presets.Get(t.Key); preset {
		return fail(errors.New("a preset has the key " + t.Key))
	}
	return t
}

// add stores a template (checked by templates.Parse) as a new file. A key
// a preset or a saved template has is ECONFLICT.
func (l *templateLibrary) add(t *templates.Template, data []byte) error {
	if l.dir == "" {
		return workshops.Errorf(workshops.EUNAVAILABLE, "this server keeps no files, so it cannot save templates")
	}
	if len(data) > maxTemplateFile {
		return workshops.Errorf(workshops.ETOOLARGE, "a template file may be at most 1 MiB")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.scan()
	if _, ok := l.cat.Get(t.Key); ok {
		return workshops.Errorf(workshops.ECONFLICT, "a template with the key %q exists; choose another key", t.Key)
	}
	if len(l.files) >= maxCustomTemplate {
		return workshops.Errorf(workshops.ELIMIT, "the server holds %d saved templates; delete some first", maxCustomTemplate)
	}
	if err := os.MkdirAll(l.dir, 0o700); err != nil {
		return workshops.Errorf(workshops.EINTERNAL, "templates: %v", err)
	}
	// Written under another name, synced and renamed (link fails if the
	// name exists, so a file another server wrote meanwhile is kept).
	tmp, err := os.CreateTemp(l.dir, ".new-*.json")
	if err != nil {
		return workshops.Errorf(workshops.EINTERNAL, "templates: %v", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(tmp.Name(), filepath.Join(l.dir, t.Key+".json"))
	}
	if errors.Is(err, fs.ErrExist) {
		return workshops.Errorf(workshops.ECONFLICT, "a template with the key %q exists; choose another key", t.Key)
	} else if err != nil {
		return workshops.Errorf(workshops.EINTERNAL, "templates: %v", err)
	}
	l.scan()
	return nil
}

// remove deletes a saved template's file. Presets cannot be removed.
func (l *templateLibrary) remove(key string) error {
	if _, preset := l.presets.Get(key); preset {
		return workshops.Errorf(workshops.EFORBIDDEN, "a preset cannot be deleted")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.scan()
	if _, ok := l.cat.Get(key); !ok || l.dir == "" {
		return workshops.Errorf(workshops.ENOTFOUND, "no such template")
	}
	if err := os.Remove(filepath.Join(l.dir, key+".json")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return workshops.Errorf(workshops.EINTERNAL, "templates: %v", err)
	}
	l.scan()
	return nil
}
