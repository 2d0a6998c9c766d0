package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"rsc.io/qr"
)

// joinQR serves GET /j/{code}/qr.svg: a QR code of the join link, for the
// facilitator to show on a screen so that people join by pointing a phone
// at it. It is drawn for any well-formed code, known or not, so it tells
// nobody whether a code exists (a join code is no secret from the people
// in the room, and this adds nothing a wrong guess at /api/join would not).
func (s *Server) joinQR(w http.ResponseWriter, r *http.Request) {
	code := NormalizeJoinCode(chi.URLParam(r, "code"))
	if !wellFormedJoinCode(code) {
		http.Error(w, "not a join code", http.StatusNotFound)
		return
	}
	link := s.baseURL(r) + "/j/" + code
	c, err := qr.Encode(link, qr.M)
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Write(qrSVG(c))
}

// wellFormedJoinCode reports whether code could be a join code.
func wellFormedJoinCode(code string) bool {
	if len(code) != joinCodeLen {
		return false
	}
	for _, r := range code {
		if !strings.ContainsRune(joinCodeAlphabet, r) {
			return false
		}
	}
	return true
}

// baseURL is the address people reach this server at: -public-url, or
// else the scheme and host this request came to.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimRight(s.cfg.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// qrSVG draws c as an SVG, one path of unit squares with the quiet zone of
// four modules the standard asks for, black on white so that every phone
// camera reads it, whatever the page's colours.
func qrSVG(c *qr.Code) []byte {
	const quiet = 4
	n := c.Size + 2*quiet
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; x++ {
			if c.Black(x, y) {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String())
}
