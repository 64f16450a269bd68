// Package secretvalidator checks sensitive and write-only strings without
// ever quoting them. framework-validators' string validators end their
// messages with "got: <value>" (or its length), which would print a password
// that breaks the rule in the terminal and in CI logs; these name the rule
// that failed and nothing of the value.
package secretvalidator

import (
	"context"
	"fmt"
	"regexp"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Summary is the summary of every diagnostic these validators raise.
const Summary = "Invalid sensitive value"

// hidden ends every detail, so a reader knows why the value is not shown.
const hidden = " (the value is sensitive, so it is not shown)."

// LengthBetween checks that a secret has between min and max UTF-8
// characters; max 0 means no upper bound.
func LengthBetween(minChars, maxChars int) validator.String {
	rule := fmt.Sprintf("at least %d characters", minChars)
	if maxChars > 0 {
		rule = fmt.Sprintf("%d to %d characters", minChars, maxChars)
	}
	return check{rule: "must be " + rule, ok: func(s string) bool {
		n := utf8.RuneCountInString(s)
		return n >= minChars && (maxChars == 0 || n <= maxChars)
	}}
}

// NotEmpty checks that a secret is not the empty string.
func NotEmpty() validator.String {
	return check{rule: "must not be empty", ok: func(s string) bool { return s != "" }}
}

// BytesAtMost checks that a secret's UTF-8 encoding has at most max bytes,
// the limit of a bcrypt hash on the server's side.
func BytesAtMost(maxBytes int, why string) validator.String {
	return check{rule: fmt.Sprintf("must be at most %d bytes long (%s)", maxBytes, why), ok: func(s string) bool { return len(s) <= maxBytes }}
}

// Matches checks a secret against re; rule says in words what re requires.
func Matches(re *regexp.Regexp, rule string) validator.String {
	return check{rule: rule, ok: re.MatchString}
}

// check is one rule: ok says whether a value keeps it.
type check struct {
	rule string
	ok   func(string) bool
}

func (c check) Description(context.Context) string             { return "value " + c.rule }
func (c check) MarkdownDescription(ctx context.Context) string { return c.Description(ctx) }

func (c check) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || c.ok(req.ConfigValue.ValueString()) {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, Summary, fmt.Sprintf("Attribute %s %s%s", req.Path, c.rule, hidden))
}
