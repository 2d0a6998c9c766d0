package server_test

import (
	"io"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"rsc.io/qr"
)

// TestJoinQR: the QR code of a join link is an SVG whose modules are
// exactly those of the QR code of this server's join link for the code
// (spaces and case in the code do not matter); a malformed code is 404.
func TestJoinQR(t *testing.T) {
	m := MustStart(t, t.TempDir())
	w := MustCreateWorkshop(t, m)
	code := w.Workshop.JoinCode

	res, err := http.Get(m.URL() + "/j/" + code[:3] + "%20" + code[3:] + "/qr.svg")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	want, err := qr.Encode(m.URL()+"/j/"+code, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	got := map[[2]int]bool{}
	for _, sq := range regexp.MustCompile(`M(\d+) (\d+)h1v1h-1z`).FindAllStringSubmatch(string(body), -1) {
		x, _ := strconv.Atoi(sq[1])
		y, _ := strconv.Atoi(sq[2])
		got[[2]int{x - 4, y - 4}] = true
	}
	black := 0
	for y := 0; y < want.Size; y++ {
		for x := 0; x < want.Size; x++ {
			if want.Black(x, y) {
				black++
			}
			if want.Black(x, y) != got[[2]int{x, y}] {
				t.Fatalf("module %d,%d differs from the QR code of the join link", x, y)
			}
		}
	}
	if len(got) != black {
		t.Fatalf("%d dark modules drawn, the code has %d", len(got), black)
	}

	for _, bad := range []string{"ABC", "ABCDE0", "abcdefg", "%3Cscript%3E"} {
		res, err := http.Get(m.URL() + "/j/" + bad + "/qr.svg")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("code %q: status %d, want 404", bad, res.StatusCode)
		}
	}
}
