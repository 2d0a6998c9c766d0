package server_test

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// The load balancer as shipped (deploy/nginx.conf, only the nodes' and its
// own addresses changed) in front of two real nodes: a browser's WebSocket
// passes the origin check whatever host and port it used, the 64 MiB
// archive import is not refused by nginx, and a node that stops answering
// loses its traffic to the other. Skipped where nginx is not installed.
func TestNginxConfigAsShipped(t *testing.T) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		if bin, err = exec.LookPath("/usr/sbin/nginx"); err != nil {
			t.Skip("nginx is not installed (Debian: apt install nginx-light)")
		}
	}
	c := startCluster(t, memBackend(t), 2)
	conf, err := os.ReadFile(filepath.Join("..", "deploy", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lb := l.Addr().String()
	l.Close()
	text := string(conf)
	for old, repl := range map[string]string{
		"server node1:8080": "server " + c.nodes[0].Addr(),
		"server node2:8080": "server " + c.nodes[1].Addr(),
		"listen 8080;":      "listen " + lb + ";",
	} {
		if !strings.Contains(text, old) {
			t.Fatalf("deploy/nginx.conf has no %q", old)
		}
		text = strings.ReplaceAll(text, old, repl)
	}
	dir := t.TempDir()
	for _, sub := range []string{"logs", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	// Temporary files and logs inside the test's directory, wherever this
	// nginx was built to keep them.
	text = strings.Replace(text, "http {", "http {\n  client_body_temp_path "+dir+"/tmp/body;\n  proxy_temp_path "+dir+"/tmp/proxy;\n  access_log off;", 1)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	global := "daemon off; master_process off; pid " + dir + "/nginx.pid; error_log " + dir + "/logs/error.log;"
	if out, err := exec.Command(bin, "-t", "-p", dir, "-c", confPath, "-g", global).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", confPath, "-g", global)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := "http://" + lb
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(base + "/lb-health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "logs", "error.log"))
			t.Fatalf("nginx never answered: %v\n%s\n%s", err, out.String(), log)
		}
		time.Sleep(50 * time.Millisecond)
	}

	w := MustCreateWorkshop(t, c.nodes[0])
	aud := MustJoin(t, c.nodes[0], w.Workshop.JoinCode, "Aud")

	// A browser at http://127.0.0.1:<port>: Host and Origin both carry the
	// port, and the node must see the same Host to accept the origin.
	hdr := http.Header{"Origin": {base}}
	for i := range 4 { // both nodes, round robin
		conn, resp, err := websocket.DefaultDialer.Dial("ws://"+lb+"/ws/"+w.Workshop.ID+"?v=2", hdr)
		if err != nil {
			status := 0
			if resp != nil {
				status = resp.StatusCode
			}
			t.Fatalf("WebSocket %d through nginx with Origin %s: %v (HTTP %d)", i, base, err, status)
		}
		ws := newWSClient(t, conn)
		ws.sendJSON(map[string]any{"type": "hello", "token": aud.Token})
		if m := ws.next(); m.Type != "welcome" {
			t.Fatalf("through nginx: want welcome, got %+v", m)
		}
		conn.Close()
	}

	// The archive import takes up to 64 MiB; nginx must pass such a body
	// on to the node (which finds it is no archive), not refuse it (413).
	organiser := MustOrganiser(t, lbNode(lb))
	body := bytes.NewReader(make([]byte, 60<<20))
	resp, err := organiser.Post(base+"/api/workshops/import", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("a 60 MiB import through nginx: %s (%s), want the node's own answer", resp.Status, resp.Header.Get("Content-Type"))
	}

	// A node that is gone: every request still succeeds, on the other.
	c.nodes[1].Close()
	for i := range 10 {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d with node 2 gone: %s", i, resp.Status)
		}
	}
}

// lbNode is the load balancer's address, for the helpers that take a node.
type lbNode string

func (a lbNode) Addr() string { return string(a) }
func (a lbNode) URL() string  { return "http://" + string(a) }
