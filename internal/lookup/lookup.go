// Package lookup is what the data sources that find one object in a list
// share: the error, on the attribute that asked, that says what matched and
// lists the candidates, so the fix is on screen.
package lookup

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// MaxCandidates bounds the candidates an error lists: a panel may hold
// thousands of users.
const MaxCandidates = 25

// Kind names the objects a data source looks for and says how an error
// shows one of them.
type Kind[T any] struct {
	Singular, Plural string // "user", "users"
	// Describe is one line about an object, e.g. `id 12: "jdoe" (email "jane@example.com")`.
	Describe func(T) string
}

// One returns the only match. Otherwise it adds an error on attr, which
// says what was asked (e.g. `login = "jdoe"`) and lists the candidates: the
// matches when there are several, else every object.
func (k Kind[T]) One(diags *diag.Diagnostics, attr path.Path, asked string, matches, all []T) (T, bool) {
	if len(matches) == 1 {
		return matches[0], true
	}
	k.NoSingleMatch(diags, attr, asked, matches, all)
	var zero T
	return zero, false
}

// NoSingleMatch adds the error of One for a number of matches other than 1.
func (k Kind[T]) NoSingleMatch(diags *diag.Diagnostics, attr path.Path, asked string, matches, all []T) {
	summary := fmt.Sprintf("Several %s match", k.Plural)
	if len(matches) == 0 {
		summary = fmt.Sprintf("No %s matches", k.Singular)
	}
	diags.AddAttributeError(attr, summary,
		fmt.Sprintf("%d %s have %s. %s", len(matches), k.Plural, asked, k.candidates(matches, all)))
}

// candidates lists the matches when there are some, else every object.
func (k Kind[T]) candidates(matches, all []T) string {
	list, intro := matches, "They are"
	if len(matches) == 0 {
		list, intro = all, "The "+k.Plural+" are"
	}
	if len(list) == 0 {
		return fmt.Sprintf("There are no %s.", k.Plural)
	}
	lines := make([]string, 0, min(len(list), MaxCandidates)+1)
	for i, item := range list {
		if i == MaxCandidates {
			lines = append(lines, fmt.Sprintf("  - and %d more", len(list)-MaxCandidates))
			break
		}
		lines = append(lines, "  - "+k.Describe(item))
	}
	return intro + ":\n" + strings.Join(lines, "\n")
}

// Asked joins the conditions a configuration set, e.g. `label = "web"`, for
// One's message.
func Asked(conditions ...string) string {
	var set []string
	for _, c := range conditions {
		if c != "" {
			set = append(set, c)
		}
	}
	return strings.Join(set, ", ")
}

// Condition is `name = "value"` when value is set, else "".
func Condition(name string, value *string) string {
	if value == nil {
		return ""
	}
	return fmt.Sprintf("%s = %q", name, *value)
}

// ConfiguredID is the numeric id a data source of typeName is asked for in
// its string id argument: nil when the argument is not set, and an error on
// it when it is not an id (its validator has already said so at plan).
func ConfiguredID(typeName string, id types.String) (*int64, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := tfmodel.KnownString(id)
	if s == nil {
		return nil, diags
	}
	n, err := tfmodel.ParseID(typeName, *s)
	if err != nil {
		diags.AddAttributeError(path.Root("id"), "Invalid "+typeName+" id", err.Error())
	}
	return &n, diags
}
