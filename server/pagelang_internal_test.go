package server

import "testing"

func TestPageLang(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{"", "nb"},
		{"nn-NO,nn;q=0.9", "nn"},
		{"nn", "nn"},
		{"no-NN", "nn"},
		{"no", "nb"},
		{"nb-NO,nb;q=0.9,no;q=0.8", "nb"},
		{"en-GB,en;q=0.9", "en"},
		{"en-US", "en"},
		{"de-DE,de;q=0.9,en;q=0.5", "en"},
		{"de-DE,fr", "nb"},
		{"en;q=0.5,nn;q=0.8", "nn"},
		{"nn;q=0,en", "en"},
		{"EN_gb", "en"},
		{"*", "nb"},
	} {
		if got := pageLang(c.header); got != c.want {
			t.Errorf("pageLang(%q) = %q, want %q", c.header, got, c.want)
		}
	}
}
