// Command mutationreport turns the JSON reports of gremlins runs (make
// mutate) into one Markdown table, a row per Go package, with the mutants
// that lived listed under it so that a developer knows which line to test:
//
//	go run ./tools/mutationreport internal/client=client.json internal/emulator=emulator.json
//
// Each argument is the directory a gremlins run was given and its report;
// gremlins names files relative to that directory. Efficacy and coverage are
// gremlins' own measures: killed / (killed + lived), and (killed + lived) /
// (killed + lived + not covered); a mutant that timed out counts in neither.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: mutationreport DIR=REPORT.json...")
		os.Exit(2)
	}
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mutationreport:", err)
		os.Exit(1)
	}
}

// report is the part of gremlins' JSON output this command reads.
type report struct {
	Files []struct {
		Name      string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

// tally counts one package's mutants by status.
type tally struct {
	killed, lived, notCovered, timedOut int
	livedAt                             []string
}

func (t *tally) efficacy() string { return percent(t.killed, t.killed+t.lived) }

func (t *tally) coverage() string {
	return percent(t.killed+t.lived, t.killed+t.lived+t.notCovered)
}

func percent(part, whole int) string {
	if whole == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(part)/float64(whole))
}

func run(args []string, out io.Writer) error {
	packages := map[string]*tally{}
	for _, arg := range args {
		dir, file, ok := strings.Cut(arg, "=")
		if !ok {
			return fmt.Errorf("%q: want DIR=REPORT.json", arg)
		}
		data, err := os.ReadFile(file) //nolint:gosec // the report files named on the command line (make mutate)
		if err != nil {
			return err
		}
		var r report
		if err := json.Unmarshal(data, &r); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		for _, f := range r.Files {
			name := path.Join(dir, f.Name)
			pkg := path.Dir(name)
			t := packages[pkg]
			if t == nil {
				t = &tally{}
				packages[pkg] = t
			}
			for _, m := range f.Mutations {
				if err := t.add(m.Status, fmt.Sprintf("%s:%d:%d %s", path.Base(name), m.Line, m.Column, m.Type)); err != nil {
					return fmt.Errorf("%s: %s: %w", file, name, err)
				}
			}
		}
	}
	names := make([]string, 0, len(packages))
	for name := range packages {
		names = append(names, name)
	}
	sort.Strings(names)

	var b strings.Builder
	b.WriteString("| package | killed | lived | not covered | timed out | efficacy | coverage |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, name := range names {
		t := packages[name]
		fmt.Fprintf(&b, "| `%s` | %d | %d | %d | %d | %s | %s |\n",
			name, t.killed, t.lived, t.notCovered, t.timedOut, t.efficacy(), t.coverage())
	}
	for _, name := range names {
		if t := packages[name]; len(t.livedAt) > 0 {
			sort.Strings(t.livedAt)
			fmt.Fprintf(&b, "\nLived in `%s`:\n", name)
			for _, at := range t.livedAt {
				fmt.Fprintf(&b, "- %s\n", at)
			}
		}
	}
	_, err := io.WriteString(out, b.String())
	return err
}

func (t *tally) add(status, at string) error {
	switch status {
	case "KILLED":
		t.killed++
	case "LIVED":
		t.lived++
		t.livedAt = append(t.livedAt, at)
	case "NOT COVERED":
		t.notCovered++
	case "TIMED OUT":
		t.timedOut++
	case "NOT VIABLE", "SKIPPED", "RUNNABLE":
		// Not run: a mutant that does not compile, a skipped file, a dry run.
	default:
		return fmt.Errorf("unknown mutant status %q", status)
	}
	return nil
}
