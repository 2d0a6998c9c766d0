package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// staticFile is one file of the client, ready to serve: its bytes, the
// same gzipped (nil when that is not smaller), and an ETag from its
// content.
type staticFile struct {
	name string
	data []byte
	gz   []byte
	etag string
	typ  string
}

// staticFiles serves the client's files with an ETag (so a second visit
// revalidates each file with a 304 instead of fetching it again) and
// gzip-compressed where the browser takes it (the client is text, and the
// people it is for may be on a slow phone connection). Files are compressed
// once, at start: the client is embedded and never changes while the
// server runs.
type staticFiles map[string]*staticFile

// loadStatic reads every file under fsys.
func loadStatic(fsys fs.FS) (staticFiles, error) {
	files := staticFiles{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		f := &staticFile{name: p, data: data, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, typ: mime.TypeByExtension(path.Ext(p))}
		if f.typ == "" {
			f.typ = "application/octet-stream"
		}
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(data)
		zw.Close()
		if b.Len() < len(data) {
			f.gz = b.Bytes()
		}
		files[p] = f
		return nil
	})
	return files, err
}

// ServeHTTP serves the file named by the request's path (already without
// the /static/ prefix).
func (sf staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := sf[strings.TrimPrefix(r.URL.Path, "/")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.typ)
	// Revalidate every time: a new release must reach people at once, and a
	// 304 costs a few hundred bytes.
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Encoding")
	data, etag := f.data, f.etag
	if f.gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		data, etag = f.gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(data))
}

// acceptsGzip reports whether the request's Accept-Encoding takes gzip
// (named, or by *, with a q above 0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		enc = strings.TrimSpace(enc)
		if !strings.EqualFold(enc, "gzip") && enc != "*" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}
