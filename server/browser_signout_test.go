package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserSignOutEverywhere: an organiser signs every organiser out
// from the start page; their page turns into the guest's, and a cookie
// held elsewhere stops working.
func TestBrowserSignOutEverywhere(t *testing.T) {
	t.Parallel() // two browser tests at a time: see newBrowser
	newContext := newBrowser(t)
	m := MustStart(t, t.TempDir())
	elsewhere := MustOrganiser(t, m)
	ctx := newContext()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(m.URL()+"/signin?token="+organiserToken),
		chromedp.WaitVisible(chromedp.CSS(`#signout-all`)),
	); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, findAxe(t), "the organiser's start page with sign out everywhere")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.confirm = () => true, true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#signout-all`))); err != nil {
		t.Fatal(err)
	}
	// The page reloads: a poll may be cut short by the navigation, so
	// poll again until the guest's page is there.
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`!!document.querySelector('#start-submit') && !document.querySelector('#signout-all')`,
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page after signing out everywhere is not the guest's: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if status, _ := send(t, elsewhere, http.MethodGet, m.URL()+"/api/workshops", "", nil); status != http.StatusUnauthorized {
		t.Fatalf("a cookie elsewhere after signing out everywhere: %d", status)
	}
}
