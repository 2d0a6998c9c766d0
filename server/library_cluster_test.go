package server_test

import (
	"bytes"
	"net/http"
	"testing"
)

// A template imported on one node is offered by every node, and deleted
// from all of them at once: the library lives in the store (issue 14).
func TestTemplateLibrarySharedByNodes(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := startCluster(t, be, 2)
		org1, org2 := MustOrganiser(t, c.nodes[0]), MustOrganiser(t, c.nodes[1])
		_, _, data := getFile(t, org1, c.nodes[0].URL()+"/api/templates/visjon/file")
		mine := bytes.Replace(data, []byte(`"key": "visjon"`), []byte(`"key": "visjon-felles"`), 1)
		mine = bytes.Replace(mine, []byte(`"process_step": 3,`), nil, 1)
		if st := apiCall(t, org1, "POST", c.nodes[0].URL()+"/api/templates?file=visjon-felles.json", "", string(mine), nil); st != http.StatusCreated {
			t.Fatalf("import on node 1: %d", st)
		}
		if l := listedTemplates(t, org2, c.nodes[1]); !l["visjon-felles"] {
			t.Fatalf("node 2 does not offer the template imported on node 1: %v", l)
		}
		if st := apiCall(t, org2, "POST", c.nodes[1].URL()+"/api/templates?file=visjon-felles.json", "", string(mine), nil); st != http.StatusConflict {
			t.Errorf("the same key imported on node 2: %d, want 409", st)
		}
		if st := apiCall(t, org2, "DELETE", c.nodes[1].URL()+"/api/templates/visjon-felles", "", "", nil); st != http.StatusNoContent {
			t.Fatalf("delete on node 2: %d", st)
		}
		if l := listedTemplates(t, org1, c.nodes[0]); l["visjon-felles"] {
			t.Fatalf("node 1 still offers the template deleted on node 2: %v", l)
		}
	})
}
