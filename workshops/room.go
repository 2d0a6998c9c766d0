package workshops

import (
	"maps"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxURLLen is the longest meeting link.
const MaxURLLen = 500

// Follow is the facilitator's view while "follow me" is on: the board
// rectangle they look at. Participants who follow keep it in view until
// they pan away themselves.
type Follow struct {
	X  float64 `json:"x"`
	Y  float64 `json:"y"`
	W  float64 `json:"w"`
	H  float64 `json:"h"`
	At int64   `json:"at"`
	By string  `json:"by"`
}

// CleanMeetingURL checks a meeting link (Teams, Zoom, Jitsi, Whereby...):
// an absolute https URL with a host, no user or password in it, no spaces
// or control characters, at most MaxURLLen characters. It returns it
// trimmed; "" stays "" (no link).
func CleanMeetingURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxURLLen {
		return "", Errorf(EINVALID, "a meeting link is a web address of at most %d characters", MaxURLLen)
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return "", Errorf(EINVALID, "a meeting link has no spaces")
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.Opaque != "" {
		return "", Errorf(EINVALID, "a meeting link must start with https://")
	}
	if u.User != nil {
		return "", Errorf(EINVALID, "a meeting link must not hold a user name or password")
	}
	return s, nil
}

// boardLink sets or clears (url "") the meeting link of the workshop, or
// with group, of a breakout group.
func boardLink(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "set meeting links"); err != nil {
		return nil, err
	}
	link, err := CleanMeetingURL(*e.Op.URL)
	if err != nil {
		return nil, err
	}
	key := ""
	if e.Op.Group != nil && *e.Op.Group != "" {
		key = *e.Op.Group
		if _, err := b.liveGroup(key); err != nil {
			return nil, err
		}
	}
	return func() {
		links := make(map[string]string, len(b.Links)+1)
		for k, v := range b.Links {
			links[k] = v
		}
		if link == "" {
			delete(links, key)
		} else {
			links[key] = link
		}
		if len(links) == 0 {
			links = nil
		}
		b.Links = links
	}, nil
}

// linksFor returns the meeting links v may see: the workshop's, and while
// breakout is on, their own group's; facilitators see every link.
func (b *Board) linksFor(v viewer) map[string]string {
	var out map[string]string
	for k, link := range b.Links {
		if k == "" || v.facilitator || b.Breakout && k == v.group {
			if out == nil {
				out = map[string]string{}
			}
			out[k] = link
		}
	}
	return out
}

// handRaise raises or lowers a hand: anyone's own, and a facilitator may
// lower anyone's (person).
func handRaise(b *Board, e *Event, actor Participant) (func(), error) {
	who := actor.ID
	on := *e.Op.On
	if e.Op.Person != "" && e.Op.Person != actor.ID {
		if err := needFacilitator(actor, "lower someone else's hand"); err != nil {
			return nil, err
		}
		if on {
			return nil, Errorf(EINVALID, "only the person themselves may raise their hand")
		}
		if _, err := b.person(e.Op.Person); err != nil {
			return nil, err
		}
		who = e.Op.Person
	}
	return func() {
		hands := make(map[string]int64, len(b.Hands)+1)
		for k, v := range b.Hands {
			hands[k] = v
		}
		if on {
			hands[who] = e.At
		} else {
			delete(hands, who)
		}
		if len(hands) == 0 {
			hands = nil
		}
		b.Hands = hands
	}, nil
}

// boardFollow starts or moves (on, with the view x, y, w, h) or stops (off)
// "follow me".
func boardFollow(b *Board, e *Event, actor Participant) (func(), error) {
	if err := needFacilitator(actor, "lead the view"); err != nil {
		return nil, err
	}
	op := &e.Op
	rect := op.X != nil && op.Y != nil && op.W != nil && op.H != nil
	if !*op.On {
		if op.X != nil || op.Y != nil || op.W != nil || op.H != nil {
			return nil, Errorf(EINVALID, "stopping follow me takes no view")
		}
		return func() { b.Follow = nil }, nil
	}
	if !rect {
		return nil, Errorf(EINVALID, "follow me needs the view: x, y, w and h")
	}
	if err := checkPos(*op.X, *op.Y); err != nil {
		return nil, err
	}
	if *op.W <= 0 || *op.H <= 0 || *op.W > 1e6 || *op.H > 1e6 {
		return nil, Errorf(EINVALID, "the view's size is out of range")
	}
	f := &Follow{X: *op.X, Y: *op.Y, W: *op.W, H: *op.H, At: e.At, By: e.Actor}
	return func() { b.Follow = f }, nil
}

// lowerHand drops a removed person's raised hand.
func (b *Board) lowerHand(id string) {
	if _, ok := b.Hands[id]; !ok {
		return
	}
	hands := maps.Clone(b.Hands)
	delete(hands, id)
	if len(hands) == 0 {
		hands = nil
	}
	b.Hands = hands
}
