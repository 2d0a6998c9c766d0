package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Secrets and how they are kept:
//   - the organiser token signs an organiser in (printed at start, or set);
//     a signed-in organiser holds a cookie signed with the cookie key;
//   - a facilitator key (in the facilitator link's fragment) is kept only as
//     its SHA-256;
//   - a session token (a person on one board) is kept only as its SHA-256.

const (
	organiserCookie  = "samskap_organiser"
	organiserMaxAge  = 30 * 24 * time.Hour
	cookieKeyFile    = "cookie.key"
	joinCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789" // no 0/O, 1/I/L
	joinCodeLen      = 6
)

// randomToken returns n random bytes, base64url-encoded.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) []byte {
	sum := sha256.Sum256([]byte(t))
	return sum[:]
}

// newJoinCode returns a random join code from joinCodeAlphabet.
func newJoinCode() string {
	b := make([]byte, joinCodeLen)
	for i := range b {
		b[i] = joinCodeAlphabet[randIntn(len(joinCodeAlphabet))]
	}
	return string(b)
}

func randIntn(n int) int {
	// Rejection sampling keeps every letter equally likely.
	limit := 256 - 256%n
	var one [1]byte
	for {
		rand.Read(one[:])
		if int(one[0]) < limit {
			return int(one[0]) % n
		}
	}
}

// NormalizeJoinCode upper-cases a typed code and drops spaces and dashes.
func NormalizeJoinCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r != ' ' && r != '-' && r != '\t' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// loadCookieKey reads the key that signs organiser cookies from the data
// directory, creating it on first start so sign-ins survive restarts.
func loadCookieKey(dir string) ([]byte, error) {
	path := filepath.Join(dir, cookieKeyFile)
	key, err := os.ReadFile(path)
	if err == nil && len(key) >= 32 {
		return key, nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read cookie key: %w", err)
	}
	key = make([]byte, 32)
	rand.Read(key)
	if err := os.WriteFile(path, key, 0o600); err != nil {
		return nil, fmt.Errorf("write cookie key: %w", err)
	}
	return key, nil
}

// deriveCookieKey turns the configured organiser token into the key that
// signs organiser cookies. Changing the token signs everyone out.
func deriveCookieKey(token string) []byte {
	mac := hmac.New(sha256.New, []byte(token))
	mac.Write([]byte("samskap organiser cookie key v1"))
	return mac.Sum(nil)
}

// organiserAuth checks organiser credentials.
type organiserAuth struct {
	token []byte // the sign-in token
	key   []byte // signs cookies
	now   func() time.Time

	// generation is signed into every cookie; "sign out everywhere"
	// replaces it, so every cookie signed before stops working. It is
	// kept in the data directory (generationFile) so that it survives a
	// restart; dir "" keeps it in memory only (tests).
	mu         sync.Mutex
	generation string
	dir        string
}

// generationFile holds the organiser cookies' current generation.
const generationFile = "organiser.generation"

// loadGeneration reads the cookies' generation from the data directory.
// Until the first "sign out everywhere" there is none (""), the same on
// every node, so that a sign-in on one node holds on all of them.
func (a *organiserAuth) loadGeneration() error {
	if a.dir == "" {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(a.dir, generationFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read the organiser sign-in generation: %w", err)
	}
	a.generation = strings.TrimSpace(string(b))
	return nil
}

// newGeneration signs every organiser out: cookies signed before it no
// longer verify.
func (a *organiserAuth) newGeneration() error {
	g := randomToken(12)
	if a.dir != "" {
		if err := os.WriteFile(filepath.Join(a.dir, generationFile), []byte(g+"\n"), 0o600); err != nil {
			return fmt.Errorf("write the organiser sign-in generation: %w", err)
		}
	}
	a.mu.Lock()
	a.generation = g
	a.mu.Unlock()
	return nil
}

func (a *organiserAuth) validToken(t string) bool {
	return subtle.ConstantTimeCompare([]byte(t), a.token) == 1
}

func (a *organiserAuth) sign(expiry int64) string {
	a.mu.Lock()
	g := a.generation
	a.mu.Unlock()
	mac := hmac.New(sha256.New, a.key)
	fmt.Fprintf(mac, "organiser|%d|%s", expiry, g)
	return strconv.FormatInt(expiry, 10) + "." + hex.EncodeToString(mac.Sum(nil))
}

// cookie returns a fresh organiser cookie.
func (a *organiserAuth) cookie(secure bool) *http.Cookie {
	expiry := a.now().Add(organiserMaxAge).Unix()
	return &http.Cookie{
		Name: organiserCookie, Value: a.sign(expiry), Path: "/",
		MaxAge: int(organiserMaxAge / time.Second), HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode,
	}
}

// signedIn reports whether r carries a valid, unexpired organiser cookie.
func (a *organiserAuth) signedIn(r *http.Request) bool {
	c, err := r.Cookie(organiserCookie)
	if err != nil {
		return false
	}
	exp, _, ok := strings.Cut(c.Value, ".")
	if !ok {
		return false
	}
	expiry, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || a.now().Unix() > expiry {
		return false
	}
	return hmac.Equal([]byte(c.Value), []byte(a.sign(expiry)))
}
