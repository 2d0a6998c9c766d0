package workshops

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// PanelConsentVersion names the consent text a person agrees to when they
// join the citizen panel (innbyggerpanel). The texts are in the client's
// translation tables (panel.consent) and in docs/PRIVACY.md; a change to
// their meaning needs a new version, so that every signup records which
// text its person saw.
const PanelConsentVersion = "2026-1"

// Limits on a panel signup.
const (
	MaxPanelNameLen  = 100 // characters in a full name
	MaxPanelEmailLen = 254 // characters in an e-mail address
	MaxPanelPhoneLen = 30  // characters in a phone number as typed
)

// PanelSignup is a participant's wish to be contacted again, for the
// municipality's citizen panel. It holds contact details, so it is kept
// apart from the board: a table of its own, never in the op log, never
// sent to anyone on the board, never in a board's export. It is deleted
// with its workshop, when the person withdraws, or by the organiser.
type PanelSignup struct {
	WorkshopID    string `json:"workshopId"`
	ParticipantID string `json:"participantId"`
	Name          string `json:"name"`
	Email         string `json:"email,omitempty"`
	Phone         string `json:"phone,omitempty"`
	// ConsentVersion and ConsentLang name the consent text the person
	// agreed to; ConsentedAt is when.
	ConsentVersion string    `json:"consentVersion"`
	ConsentLang    Lang      `json:"consentLang"`
	ConsentedAt    time.Time `json:"consentedAt"`
}

// CleanPanelContact trims and checks the contact details of a panel signup:
// a name (1 to MaxPanelNameLen characters, like CleanName), and an e-mail
// address or a phone number or both. It returns them cleaned; an error
// (EINVALID or ETOOLARGE) names what is wrong.
func CleanPanelContact(name, email, phone string) (string, string, string, error) {
	name, err := cleanLine(name, "name", MaxPanelNameLen)
	if err != nil {
		return "", "", "", err
	}
	email, phone = strings.TrimSpace(email), strings.TrimSpace(phone)
	if email == "" && phone == "" {
		return "", "", "", Errorf(EINVALID, "give an e-mail address or a phone number")
	}
	if email != "" {
		if err := checkEmail(email); err != nil {
			return "", "", "", err
		}
	}
	if phone != "" {
		if err := checkPhone(phone); err != nil {
			return "", "", "", err
		}
	}
	return name, email, phone, nil
}

// checkEmail accepts what people type as an address: local@domain.tld,
// no spaces or control characters. Whether it reaches anyone only a mail
// can tell.
func checkEmail(s string) error {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxPanelEmailLen {
		return Errorf(EINVALID, "the e-mail address is not valid")
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || !strings.Contains(domain, ".") ||
		strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return Errorf(EINVALID, "the e-mail address is not valid")
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '<' || r == '>' || r == ',' || r == ';' {
			return Errorf(EINVALID, "the e-mail address is not valid")
		}
	}
	return nil
}

// checkPhone accepts a phone number as people write it: digits, spaces,
// and + - ( ), with 5 to 15 digits (E.164 has at most 15).
func checkPhone(s string) error {
	if utf8.RuneCountInString(s) > MaxPanelPhoneLen {
		return Errorf(EINVALID, "the phone number is not valid")
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')':
		default:
			return Errorf(EINVALID, "the phone number is not valid")
		}
	}
	if digits < 5 || digits > 15 {
		return Errorf(EINVALID, "the phone number is not valid")
	}
	return nil
}
