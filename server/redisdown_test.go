package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/samskap/samskap/server"
	"github.com/samskap/samskap/server/postgres/pgtest"
	"github.com/samskap/samskap/server/redisbus/redistest"
	"github.com/samskap/samskap/workshops"
)

// Nodes started while Redis is down serve every board through the store,
// and take to Redis once it answers (issue 14).
func TestNodesStartWithRedisDown(t *testing.T) {
	pgURL := pgtest.NewSchemaURL(t)
	redis := redistest.StartServer(t)
	redis.Stop()
	var nodes []*server.Main
	for range 2 {
		nodes = append(nodes, MustStartWith(t, t.TempDir(), func(m *server.Main) {
			m.Config.PostgresURL, m.Config.RedisURL = pgURL, redis.URL()
		}, fastNodes))
	}
	w := MustCreateWorkshop(t, nodes[0])
	a := MustJoin(t, nodes[0], w.Workshop.JoinCode, "Aud")
	b := MustJoin(t, nodes[1], w.Workshop.JoinCode, "Bo")
	ca := MustConnect(t, nodes[0], w.Workshop.ID, a.Token, "", 0)
	cb := MustConnect(t, nodes[1], w.Workshop.ID, b.Token, "", 0)
	ca.next()
	cb.next()
	if body := getBody(t, nodes[1].URL()+"/readyz"); !strings.Contains(body, "bus is unreachable") {
		t.Fatalf("/readyz with Redis down: %q", body)
	}
	sees := func(c *wsClient, note string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			m, err := c.read(time.Until(deadline))
			if err != nil {
				t.Fatalf("the note %s never came: %v", note, err)
			}
			if m.Type == "event" && m.Event.Op.Kind == workshops.OpNoteCreate && m.Event.Op.Note == note {
				return
			}
		}
	}
	ca.op("a1", createOp("fra-a", "skrevet uten Redis", 0, 0))
	sees(cb, "fra-a") // through the store

	redis.Restart()
	deadline := time.Now().Add(20 * time.Second)
	for strings.TrimSpace(getBody(t, nodes[1].URL()+"/readyz")) != "ready" {
		if time.Now().After(deadline) {
			t.Fatalf("the node never took to Redis once it answered: %q", getBody(t, nodes[1].URL()+"/readyz"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	cb.op("b1", createOp("fra-b", "skrevet med Redis", 0, 0))
	sees(ca, "fra-b")
}
