package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"time"
)

// api is the HTTP side of the protocol, as the tool needs it.
type api struct {
	hc *http.Client
}

func newAPI(concurrency int) *api {
	jar, _ := cookiejar.New(nil)
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		MaxIdleConns:        concurrency * 2,
		MaxIdleConnsPerHost: concurrency,
		IdleConnTimeout:     30 * time.Second,
	}
	return &api{hc: &http.Client{Jar: jar, Transport: tr, Timeout: 30 * time.Second}}
}

// apiError is an error answer of the HTTP API.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Code, e.Message)
}

func (a *api) do(ctx context.Context, method, u string, body, out any) error {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		json.Unmarshal(data, &e)
		return &apiError{Status: resp.StatusCode, Code: e.Error.Code, Message: e.Error.Message}
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// signIn signs the organiser in on base: the cookie lands in the jar.
func (a *api) signIn(ctx context.Context, base *url.URL, token string) error {
	u := base.String() + "/signin?token=" + url.QueryEscape(token)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := a.hc.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK { // after the redirect to /
		return fmt.Errorf("organiser sign-in on %s: %s (is -token the server's -organiser-token?)", base, resp.Status)
	}
	var me struct {
		Organiser bool `json:"organiser"`
	}
	if err := a.do(ctx, http.MethodGet, base.String()+"/api/me", nil, &me); err != nil {
		return err
	}
	if !me.Organiser {
		return fmt.Errorf("organiser sign-in on %s did not take (wrong -token?)", base)
	}
	return nil
}

type workshopInfo struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Epoch    string `json:"epoch"`
	JoinCode string `json:"joinCode"`
}

type createdWorkshop struct {
	Workshop       workshopInfo `json:"workshop"`
	FacilitatorKey string       `json:"facilitatorKey"`
}

func (a *api) createWorkshop(ctx context.Context, base *url.URL, title string) (createdWorkshop, error) {
	var out createdWorkshop
	err := a.do(ctx, http.MethodPost, base.String()+"/api/workshops", map[string]string{"title": title, "lang": "en"}, &out)
	return out, err
}

type participantInfo struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

type session struct {
	WorkshopID  string          `json:"workshopId"`
	Token       string          `json:"token"`
	Participant participantInfo `json:"participant"`
}

func (a *api) join(ctx context.Context, base *url.URL, code, name string) (session, error) {
	var out session
	err := a.do(ctx, http.MethodPost, base.String()+"/api/join", map[string]string{"code": code, "name": name}, &out)
	return out, err
}

func (a *api) facilitate(ctx context.Context, base *url.URL, workshopID, key, name string) (session, error) {
	var out session
	err := a.do(ctx, http.MethodPost, base.String()+"/api/workshops/"+url.PathEscape(workshopID)+"/facilitate",
		map[string]string{"key": key, "name": name}, &out)
	return out, err
}
