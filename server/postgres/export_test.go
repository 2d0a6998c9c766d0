package postgres

// What the tests of package postgres_test may see.

// SchemaVersion is the version of the schema this code migrates to.
var SchemaVersion = len(migrations)

// GroupStats returns how many append_group statements s sent, how many
// Appends they wrote, and how many Appends had a statement of their own.
func GroupStats(s *Store) (groups, grouped, alone uint64) {
	st := &s.group.stats
	return st.groups.Load(), st.grouped.Load(), st.alone.Load()
}
