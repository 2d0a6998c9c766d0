package workshops

import "context"

// MaxTemplateFiles is how many saved and imported templates a store holds.
const MaxTemplateFiles = 200

// TemplateStore keeps the templates organisers saved from a board or
// imported: each a key and the template file (JSON, at most 1 MiB, checked
// by the templates package before it is stored). Keeping them in the store
// rather than on one node's disk gives every node the same library and
// puts it in the backups. A template is never changed once stored; it is
// saved and deleted whole.
type TemplateStore interface {
	// SaveTemplate stores a new template file under key. ECONFLICT if the
	// key is taken; ELIMIT if the store holds MaxTemplateFiles already.
	SaveTemplate(ctx context.Context, key string, data []byte) error
	// TemplateKeys lists the keys of the stored templates, in key order.
	TemplateKeys(ctx context.Context) ([]string, error)
	// TemplateFile returns the file stored under key; ENOTFOUND if none.
	TemplateFile(ctx context.Context, key string) ([]byte, error)
	// DeleteTemplate deletes the template stored under key; ENOTFOUND if
	// none.
	DeleteTemplate(ctx context.Context, key string) error
}
