package server

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/samskap/samskap/workshops"
)

// Limits on guessing secrets and on joining, per client address.
//
// An address here is a client's "network": an IPv4 address, or the /64 of
// an IPv6 address (one household or one phone gets a whole /64, so a
// limit per full IPv6 address would be no limit at all). A school hall or
// a mobile network's shared address holds hundreds of people, so no limit
// refuses someone because of what another person at the same address did
// wrong: a correct secret is always checked and let in, only sometimes
// later.
//
// Guessing (a join code, a facilitator key, the organiser token): each
// endpoint has its own budget of failures per address. While an address
// has used its budget up, its attempts at that endpoint are checked at
// most penaltyRate a second, each waiting its turn (at most maxGuessWait)
// rather than being refused: a person typing codes by hand slows nobody,
// and a script's guesses are bounded by the rate. Across the server,
// globalGuessBudget wrong join codes a minute, from any mix of addresses,
// put every join-code check under globalPenaltyRate and log a warning:
// guessing spread over many addresses is slowed too, and the operator
// hears of it.
const (
	penaltyRate         = 10 // checks a second per address and endpoint while over budget
	maxGuessWait        = 15 * time.Second
	globalGuessBudget   = 300 // wrong join codes a minute, server-wide
	globalPenaltyRate   = 30  // join-code checks a second, server-wide, while over it
	joinsPerAddrBurst   = 400 // successful joins from one address at once
	joinsPerAddrMinute  = 60  // and then a minute
	joinsPerWorkshop    = 1000
	joinsPerWorkshopMin = 300
	// activeGrace is how long a person who joined and has done nothing
	// still counts toward a workshop's cap (MaxPeople): after it, someone
	// who never wrote anything counts no more.
	activeGrace = 10 * time.Minute
)

// guessBudgets is how many failures an address may have a minute at each
// endpoint before its attempts there are paced.
var guessBudgets = map[string]int{"join": 30, "facilitate": 10, "signin": 10}

// addrKey returns the key per-address limits count by: the IPv4 address,
// or the /64 network of an IPv6 address. Anything else counts as itself.
func addrKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	a = a.Unmap()
	if a.Is4() || a.IsLoopback() { // loopback stays itself: countAddr exempts it
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// clientAddr is the key of the request's client address (see addrKey);
// trustProxies has put the client's own address in RemoteAddr.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return addrKey(host)
}

// keyedLimiter is a token bucket per key. Keys whose bucket is full again
// are forgotten now and then, so the map holds only recent addresses.
type keyedLimiter struct {
	mu    sync.Mutex
	m     map[string]*rate.Limiter
	limit rate.Limit
	burst int
	swept time.Time
}

func newKeyedLimiter(limit rate.Limit, burst int) *keyedLimiter {
	return &keyedLimiter{m: map[string]*rate.Limiter{}, limit: limit, burst: burst}
}

// get returns the bucket of key, creating a full one.
func (l *keyedLimiter) get(key string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.swept) > 10*time.Minute {
		for k, lim := range l.m {
			if lim.TokensAt(now) >= float64(l.burst) {
				delete(l.m, k)
			}
		}
		l.swept = now
	}
	lim, ok := l.m[key]
	if !ok {
		lim = rate.NewLimiter(l.limit, l.burst)
		l.m[key] = lim
	}
	return lim
}

// exhausted reports whether key has no token left.
func (l *keyedLimiter) exhausted(key string) bool { return l.get(key).Tokens() < 1 }

// take uses a token of key (if there is one left) and reports whether
// there was.
func (l *keyedLimiter) take(key string) bool { return l.get(key).Allow() }

// guessGuard paces the checking of secrets (see the constants above).
type guessGuard struct {
	failures map[string]*keyedLimiter // per endpoint: failures per address
	paced    map[string]*keyedLimiter // per endpoint: checks while over budget
	global   *rate.Limiter            // wrong join codes, server-wide
	globalP  *rate.Limiter            // join-code checks while over it

	mu     sync.Mutex
	warned time.Time
}

func newGuessGuard() *guessGuard {
	g := &guessGuard{failures: map[string]*keyedLimiter{}, paced: map[string]*keyedLimiter{},
		global:  rate.NewLimiter(rate.Every(time.Minute/globalGuessBudget), globalGuessBudget),
		globalP: rate.NewLimiter(globalPenaltyRate, globalPenaltyRate)}
	for ep, n := range guessBudgets {
		g.failures[ep] = newKeyedLimiter(rate.Every(time.Minute/time.Duration(n)), n)
		g.paced[ep] = newKeyedLimiter(penaltyRate, penaltyRate)
	}
	return g
}

// turn waits until an attempt at endpoint from addr may be checked: at
// once, unless the address (or, for join codes, the server) is over its
// failure budget. ERATELIMITED if the turn would come later than
// maxGuessWait (a flood of attempts from the same address).
func (g *guessGuard) turn(ctx context.Context, endpoint, addr string) error {
	ctx, cancel := context.WithTimeout(ctx, maxGuessWait)
	defer cancel()
	if g.failures[endpoint].exhausted(addr) {
		if err := g.paced[endpoint].get(addr).Wait(ctx); err != nil {
			return workshops.Errorf(workshops.ERATELIMITED, "many wrong attempts from your network; wait a moment and try again")
		}
	}
	if endpoint == "join" && g.global.Tokens() < 1 {
		if err := g.globalP.Wait(ctx); err != nil {
			return workshops.Errorf(workshops.ERATELIMITED, "the server is busy; wait a moment and try again")
		}
	}
	return nil
}

// fail records a wrong secret at endpoint from addr. It returns whether
// the server-wide budget of wrong join codes had just run out, which it
// logs (for the caller) at most once a minute.
func (g *guessGuard) fail(endpoint, addr string) (warn bool) {
	g.failures[endpoint].take(addr)
	if endpoint != "join" || g.global.Allow() {
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if time.Since(g.warned) < time.Minute {
		return false
	}
	g.warned = time.Now()
	return true
}

// joinLimits bounds successful joins: per address (so one person with the
// code cannot fill a workshop from one machine) and per workshop.
type joinLimits struct {
	perAddr     *keyedLimiter
	perWorkshop *keyedLimiter
}

func newJoinLimits() *joinLimits {
	return &joinLimits{
		perAddr:     newKeyedLimiter(rate.Every(time.Minute/joinsPerAddrMinute), joinsPerAddrBurst),
		perWorkshop: newKeyedLimiter(rate.Every(time.Minute/joinsPerWorkshopMin), joinsPerWorkshop),
	}
}

// allow takes a join from addr into workshop, or says why not. Loopback
// is not limited per address, as with WebSockets (-max-conns-per-addr): it
// is a reverse proxy on the same machine (without -trusted-proxies every
// person would be that one address) or a load test; the per-workshop
// limit still holds.
func (l *joinLimits) allow(addr, workshop string) error {
	if ip := net.ParseIP(addr); (ip == nil || !ip.IsLoopback()) && !l.perAddr.take(addr) {
		return workshops.Errorf(workshops.ERATELIMITED, "many people joined from your network just now; wait a minute")
	}
	if !l.perWorkshop.take(workshop) {
		return workshops.Errorf(workshops.ERATELIMITED, "many people are joining this workshop just now; wait a minute")
	}
	return nil
}

// peopleWhoCount counts the people on b that fill a workshop's room (see
// Config.MaxPeople): facilitators never do (they are always let in), and
// neither do the erased or removed, nor someone who joined more than
// activeGrace ago and has written nothing.
func peopleWhoCount(b *workshops.Board, now time.Time) int {
	wrote := map[string]bool{}
	for _, n := range b.Notes {
		wrote[n.Author] = true
	}
	since := now.Add(-activeGrace).UnixMilli()
	n := 0
	for id, p := range b.Participants {
		if p.Role == workshops.RoleFacilitator || p.Removed || p.Name == "" {
			continue
		}
		if wrote[id] || p.JoinedAt >= since {
			n++
		}
	}
	return n
}
