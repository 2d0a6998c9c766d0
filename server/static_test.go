package server_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"testing"
)

// TestStaticFiles: the client's files come gzipped to a browser that takes
// gzip and plain to one that does not (or says q=0), each with its own
// ETag that a revalidation answers with 304 and no body; an unknown file
// is 404.
func TestStaticFiles(t *testing.T) {
	m := MustStart(t, t.TempDir())
	get := func(path, encoding, etag string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, m.URL()+path, nil)
		// Set by hand, so that Go's client does not decompress for us.
		req.Header.Set("Accept-Encoding", encoding)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, body
	}

	plain, plainBody := get("/static/messages/nb.js", "identity", "")
	if plain.StatusCode != http.StatusOK || plain.Header.Get("Content-Encoding") != "" || len(plainBody) == 0 {
		t.Fatalf("plain: %d %q, %d bytes", plain.StatusCode, plain.Header.Get("Content-Encoding"), len(plainBody))
	}
	if ct := plain.Header.Get("Content-Type"); ct != "text/javascript; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	gz, gzBody := get("/static/messages/nb.js", "br, gzip;q=0.8", "")
	if gz.StatusCode != http.StatusOK || gz.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip: %d %q", gz.StatusCode, gz.Header.Get("Content-Encoding"))
	}
	if len(gzBody) >= len(plainBody)/2 {
		t.Errorf("gzipped %d bytes of %d: barely smaller", len(gzBody), len(plainBody))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gzBody))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plainBody) {
		t.Fatal("the gzipped file is not the file")
	}
	if gz.Header.Get("ETag") == "" || gz.Header.Get("ETag") == plain.Header.Get("ETag") || gz.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("ETags %q and %q, Vary %q: want two different ETags and Vary", gz.Header.Get("ETag"), plain.Header.Get("ETag"), gz.Header.Get("Vary"))
	}
	if q0, _ := get("/static/messages/nb.js", "gzip;q=0", ""); q0.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}

	again, body := get("/static/messages/nb.js", "gzip", gz.Header.Get("ETag"))
	if again.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("revalidation: %d with %d bytes, want 304 and none", again.StatusCode, len(body))
	}
	if res, _ := get("/static/no-such.js", "gzip", ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown file: %d", res.StatusCode)
	}
}
