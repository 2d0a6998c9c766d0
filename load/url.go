package load

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ParseURLs splits a comma-separated list of server base URLs and checks
// each: http only, no path beyond "/", and a loopback host. The tool opens
// thousands of connections and sends thousands of ops a second; it refuses
// to point them at anything but this machine.
func ParseURLs(list string) ([]*url.URL, error) {
	var out []*url.URL
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		u, err := url.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("url %q: %w", s, err)
		}
		if u.Scheme != "http" {
			return nil, fmt.Errorf("url %q: only http:// URLs (loopback servers) are supported", s)
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
			return nil, fmt.Errorf("url %q: give the server's base URL only, like http://127.0.0.1:8080", s)
		}
		if err := CheckLoopback(u.Hostname()); err != nil {
			return nil, fmt.Errorf("url %q: %w", s, err)
		}
		u.Path = ""
		out = append(out, u)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no server URL given")
	}
	return out, nil
}

// CheckLoopback accepts "localhost" and loopback IP literals (127.0.0.0/8,
// ::1) and refuses every other host, without asking any resolver.
func CheckLoopback(host string) error {
	if host == "" {
		return fmt.Errorf("no host")
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	if ip == nil {
		return fmt.Errorf("host %q: give a loopback IP address or localhost", host)
	}
	if !ip.IsLoopback() {
		return fmt.Errorf("host %q is not a loopback address: the load tool only runs against this machine", host)
	}
	return nil
}

// wsURL is the WebSocket address of a workshop's board on server base. It
// asks for protocol version 2: several messages per frame, one per line.
func wsURL(base *url.URL, workshopID string) string {
	u := *base
	u.Scheme = "ws"
	u.Path = "/ws/" + workshopID
	u.RawQuery = "v=2"
	return u.String()
}
