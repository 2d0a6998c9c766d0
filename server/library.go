package server

import (
	"context"
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

// maxTemplateFile is the most bytes one saved or imported template file
// may have. How many a server keeps is workshops.MaxTemplateFiles.
const maxTemplateFile = 1 << 20

// libraryTimeout bounds the store reads of one look at the library.
const libraryTimeout = 5 * time.Second

// templateLibrary is the catalog the server offers: the presets, built
// into the binary, and the templates organisers saved from a board or
// imported, kept in the store (workshops.TemplateStore), so every node
// offers the same library and backups hold it. Each stored file is checked
// by templates.Parse exactly like a preset; one that fails (a file from an
// older version, say) is logged and left out, never offered.
//
// The store's list of keys is read whenever the catalog is asked for;
// templates are never changed once stored, so a file is read and parsed
// only the first time its key is seen.
type templateLibrary struct {
	presets *templates.Catalog
	store   workshops.TemplateStore
	log     zerolog.Logger

	mu    sync.Mutex                     // serialises scans and writes
	files map[string]*templates.Template // by key; nil: the file is broken
	cat   *templates.Catalog             // presets and the files, as of the last scan
}

func newTemplateLibrary(presets *templates.Catalog, store workshops.TemplateStore, log zerolog.Logger) *templateLibrary {
	return &templateLibrary{presets: presets, store: store, log: log, files: map[string]*templates.Template{}, cat: presets}
}

// catalog returns the presets and the saved templates. When the store
// cannot be read it returns the catalog of the last look.
func (l *templateLibrary) catalog() *templates.Catalog {
	l.mu.Lock()
	defer l.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), libraryTimeout)
	defer cancel()
	if err := l.scan(ctx); err != nil {
		l.log.Warn().Err(err).Msg("templates: cannot read the saved templates; offering those last read")
	}
	return l.cat
}

// scan reads the store's keys and rebuilds the catalog. The caller holds
// mu.
func (l *templateLibrary) scan(ctx context.Context) error {
	keys, err := l.store.TemplateKeys(ctx)
	if err != nil {
		return err
	}
	changed := false
	for _, key := range keys {
		if _, ok := l.files[key]; ok {
			continue
		}
		data, err := l.store.TemplateFile(ctx, key)
		if workshops.ErrorCode(err) == workshops.ENOTFOUND {
			continue // deleted since the list was read
		} else if err != nil {
			return err
		}
		l.files[key] = l.parse(key, data)
		changed = true
	}
	for key := range l.files {
		if !slices.Contains(keys, key) {
			delete(l.files, key)
			changed = true
		}
	}
	if !changed {
		return nil
	}
	var extra []*templates.Template
	for _, key := range keys {
		if t := l.files[key]; t != nil {
			extra = append(extra, t)
		}
	}
	cat, err := l.presets.With(extra...)
	if err != nil { // parse refuses preset keys, so this is not expected
		l.log.Error().Err(err).Msg("templates: saved templates left out")
		cat = l.presets
	}
	l.cat = cat
	return nil
}

// parse checks a stored file, or logs why it is left out.
func (l *templateLibrary) parse(key string, data []byte) *templates.Template {
	t, err := l.check(key+".json", data)
	if err != nil {
		l.log.Warn().Str("template", key).Msgf("templates: left out: %v", err)
		return nil
	}
	if t.Key != key {
		l.log.Warn().Str("template", key).Msgf("templates: left out: its key is %s", t.Key)
		return nil
	}
	return t
}

// check parses a template file as the library takes it: within the size
// limit, valid, and with a key no preset has.
func (l *templateLibrary) check(name string, data []byte) (*templates.Template, error) {
	if len(data) > maxTemplateFile {
		return nil, errors.New("the file is larger than 1 MiB")
	}
	t, err := templates.Parse(name, data)
	if err != nil {
		return nil, err
	}
	if _, preset := l.presets.Get(t.Key); preset {
		return nil, errors.New("a preset has the key " + t.Key)
	}
	return t, nil
}

// add stores a template (checked by templates.Parse) under its key. A key
// a preset or a saved template has is ECONFLICT; a full library ELIMIT.
func (l *templateLibrary) add(ctx context.Context, t *templates.Template, data []byte) error {
	if len(data) > maxTemplateFile {
		return workshops.Errorf(workshops.ETOOLARGE, "a template file may be at most 1 MiB")
	}
	if _, preset := l.presets.Get(t.Key); preset {
		return workshops.Errorf(workshops.ECONFLICT, "a template with the key %q exists; choose another key", t.Key)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	err := l.store.SaveTemplate(ctx, t.Key, data)
	switch workshops.ErrorCode(err) {
	case "":
	case workshops.ECONFLICT:
		return workshops.Errorf(workshops.ECONFLICT, "a template with the key %q exists; choose another key", t.Key)
	case workshops.ELIMIT:
		return workshops.Errorf(workshops.ELIMIT, "the server holds %d saved templates; delete some first", workshops.MaxTemplateFiles)
	default:
		return err
	}
	if err := l.scan(ctx); err != nil {
		l.log.Warn().Err(err).Msg("templates: cannot read the saved templates")
	}
	return nil
}

// remove deletes a saved template. Presets cannot be removed.
func (l *templateLibrary) remove(ctx context.Context, key string) error {
	if _, preset := l.presets.Get(key); preset {
		return workshops.Errorf(workshops.EFORBIDDEN, "a preset cannot be deleted")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.store.DeleteTemplate(ctx, key); err != nil {
		if workshops.ErrorCode(err) == workshops.ENOTFOUND {
			return workshops.Errorf(workshops.ENOTFOUND, "no such template")
		}
		return err
	}
	if err := l.scan(ctx); err != nil {
		l.log.Warn().Err(err).Msg("templates: cannot read the saved templates")
	}
	return nil
}

// migrateDir moves the templates an older version kept as files in
// <data directory>/templates into the store, once: every file that checks
// out is stored (one whose key the store has already, from another node,
// is left as it is there), and the directory is then renamed
// templates.moved, which keeps the files for the operator and is not read
// again. A file that does not check out is logged and stays in it. If the
// store fails, the directory stays for the next start.
func (l *templateLibrary) migrateDir(ctx context.Context, dataDir string) {
	if dataDir == "" {
		return
	}
	dir := filepath.Join(dataDir, "templates")
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return
	} else if err != nil {
		l.log.Warn().Err(err).Str("dir", dir).Msg("templates: cannot read the old template directory")
		return
	}
	moved := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, ".") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			l.log.Warn().Err(err).Str("file", name).Msg("templates: cannot read an old template file")
			continue
		}
		t, err := l.check(name, data)
		if err == nil && t.Key+".json" != name {
			err = errors.New("its key is " + t.Key + ", so its name must be " + t.Key + ".json")
		}
		if err != nil {
			l.log.Warn().Str("file", name).Msgf("templates: old file not moved to the store: %v", err)
			continue
		}
		switch err := l.store.SaveTemplate(ctx, t.Key, data); workshops.ErrorCode(err) {
		case "":
			moved++
		case workshops.ECONFLICT:
			l.log.Warn().Str("file", name).Msg("templates: the store has a template with this key already; the old file is not moved")
		case workshops.ELIMIT, workshops.EINVALID:
			l.log.Warn().Err(err).Str("file", name).Msg("templates: old file not moved to the store")
		default:
			l.log.Error().Err(err).Msg("templates: moving the old files to the store failed; trying again at the next start")
			return
		}
	}
	if err := os.Rename(dir, dir+".moved"); err != nil {
		l.log.Warn().Err(err).Msg("templates: cannot rename the old template directory")
		return
	}
	l.log.Info().Int("moved", moved).Str("kept_in", dir+".moved").Msg("templates: old template files moved to the store")
}
