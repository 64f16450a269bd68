package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two gremlins reports, one of a directory with a subpackage, become one
// row per package with gremlins' measures, and the lived mutants listed.
func TestReportPerPackage(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	client := write("client.json", `{"files": [
		{"file_name": "mask.go", "mutations": [
			{"type": "CONDITIONALS_NEGATION", "status": "KILLED", "line": 1, "column": 2},
			{"type": "CONDITIONALS_NEGATION", "status": "KILLED", "line": 3, "column": 4},
			{"type": "CONDITIONALS_NEGATION", "status": "KILLED", "line": 5, "column": 6},
			{"type": "CONDITIONALS_BOUNDARY", "status": "LIVED", "line": 7, "column": 8}]},
		{"file_name": "transport.go", "mutations": [
			{"type": "ARITHMETIC_BASE", "status": "NOT COVERED", "line": 9, "column": 1},
			{"type": "INCREMENT_DECREMENT", "status": "TIMED OUT", "line": 10, "column": 1},
			{"type": "ARITHMETIC_BASE", "status": "NOT VIABLE", "line": 11, "column": 1}]}]}`)
	emulator := write("emulator.json", `{"files": [
		{"file_name": "server.go", "mutations": [{"type": "CONDITIONALS_NEGATION", "status": "KILLED", "line": 1, "column": 1}]},
		{"file_name": "store/bolt.go", "mutations": [{"type": "CONDITIONALS_NEGATION", "status": "NOT COVERED", "line": 2, "column": 3}]}]}`)
	var out strings.Builder
	if err := run([]string{"internal/client=" + client, "internal/emulator=" + emulator}, &out); err != nil {
		t.Fatal(err)
	}
	want := "| package | killed | lived | not covered | timed out | efficacy | coverage |\n" +
		"| --- | --- | --- | --- | --- | --- | --- |\n" +
		"| `internal/client` | 3 | 1 | 1 | 1 | 75.0 % | 80.0 % |\n" +
		"| `internal/emulator` | 1 | 0 | 0 | 0 | 100.0 % | 100.0 % |\n" +
		"| `internal/emulator/store` | 0 | 0 | 1 | 0 | — | 0.0 % |\n" +
		"\nLived in `internal/client`:\n- mask.go:7:8 CONDITIONALS_BOUNDARY\n"
	if out.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestReportRefusesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"files": [{"file_name": "a.go", "mutations": [{"status": "EATEN"}]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"no-equals-sign"}, {"x=" + filepath.Join(dir, "missing.json")}, {"x=" + bad}} {
		if err := run(args, &strings.Builder{}); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
