package server

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// parsePrefixes parses a comma-separated list of addresses and CIDR
// ranges; an address stands for itself alone.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if strings.Contains(s, "/") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or a CIDR range", s)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a CIDR range", s)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// trusted reports whether addr is one of the configured reverse proxies.
func (s *Server) trusted(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// trustProxies makes a request that came through a trusted reverse proxy
// count as coming from its client: RemoteAddr becomes the last address in
// X-Forwarded-For that is not a trusted proxy itself (proxies append the
// address they got the request from, so the addresses to the right of it
// are ours and those to the left are whatever the client wrote). Every
// per-address limit (connections, failed codes) then holds per client, not
// per proxy. A request from an untrusted peer is left as it is.
func (s *Server) trustProxies(next http.Handler) http.Handler {
	if len(s.cfg.TrustedProxies) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if client, ok := s.forwardedFor(r); ok {
			r2 := *r
			r2.RemoteAddr = net.JoinHostPort(client.String(), "0")
			r = &r2
		}
		next.ServeHTTP(w, r)
	})
}

// forwardedFor returns the client a trusted proxy forwarded r for.
func (s *Server) forwardedFor(r *http.Request) (netip.Addr, bool) {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !s.trusted(peer.Addr()) {
		return netip.Addr{}, false
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return netip.Addr{}, false // a hop we cannot read: trust nothing left of it
		}
		if !s.trusted(a) {
			return a.Unmap(), true
		}
	}
	return netip.Addr{}, false
}
