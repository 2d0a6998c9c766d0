package postgres

// What the tests of package postgres_test may see.

// SchemaVersion is the version of the schema this code migrates to.
var SchemaVersion = len(migrations)
