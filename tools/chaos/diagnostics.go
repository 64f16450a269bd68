package main

import "strings"

// errorSummaries turns Terraform's diagnostics (printed with -no-color, so
// without a frame) into one line per error:
// "address: summary: the detail's first paragraph" (cut at detailLimit). The
// full text is in the command's .out file.
func errorSummaries(output string) []string {
	var out []string
	lines := strings.Split(output, "\n")
	for i, line := range lines {
		summary, ok := strings.CutPrefix(line, "Error: ")
		if !ok {
			continue
		}
		address, detail := diagnosticBody(lines[i+1:])
		if address != "" {
			summary = address + ": " + summary
		}
		if len(detail) > detailLimit {
			detail = detail[:detailLimit] + "…"
		}
		if detail != "" {
			summary += ": " + detail
		}
		out = append(out, summary)
	}
	return out
}

// detailLimit keeps a reported error to a few lines of a terminal.
const detailLimit = 400

// diagnosticBody reads what follows an "Error:" headline: the resource of its
// "with" line, and the detail, the first paragraph after the source excerpt.
func diagnosticBody(lines []string) (address, detail string) {
	var paragraph []string
	for _, line := range lines {
		switch {
		case strings.HasPrefix(line, "Error: "), strings.HasPrefix(line, "Warning: "):
			return address, strings.Join(paragraph, " ")
		case strings.TrimSpace(line) == "":
			if len(paragraph) > 0 {
				return address, strings.Join(paragraph, " ")
			}
		case len(paragraph) == 0 && strings.HasPrefix(line, "  "): // the with/on lines and the source excerpt
			if with, ok := strings.CutPrefix(strings.TrimSpace(line), "with "); ok {
				address = strings.TrimSuffix(with, ",")
			}
		default:
			paragraph = append(paragraph, strings.TrimSpace(line))
		}
	}
	return address, strings.Join(paragraph, " ")
}
