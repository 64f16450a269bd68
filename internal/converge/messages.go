package converge

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
)

// Lost is a create whose answer went missing at least once, with what the
// look-ups after it found and did. Unless an object was made or adopted in
// the end, it is the create's error, and says what was tried.
type Lost struct {
	Words
	Discard    bool
	Sends      int       // how often the create was sent
	Cause      error     // how the last send failed
	SentAt     time.Time // when the create was first sent
	GaveUp     bool      // the timeout or maxSends ended the sends
	CheckErr   error     // listing the objects failed: nothing is known
	Candidates []string  // ids of the objects the last natural-key match found
	Adopted    string    // the id adopted, when exactly one was found
	Deleted    []string  // Discard: objects deleted because their answer was lost
	Leftover   []string  // Discard: objects that could not be deleted
	DeleteErr  error     // Discard: the deletion error
	Note       string    // the resource's sentence about near misses
	History    []string  // what each send came to, oldest first
}

// note records a step for the error a failed create ends with.
func (l *Lost) note(step string) { l.History = append(l.History, step) }

// Unwrap returns how the last send failed.
func (l *Lost) Unwrap() error { return l.Cause }

// Error says what happened to the object and what was tried.
func (l *Lost) Error() string {
	failed := fmt.Sprintf("Creating %s failed (%v)", l.object(), l.Cause)
	tried := l.tried()
	switch {
	case l.Adopted != "":
		return fmt.Sprintf("The API's answer to creating %s was lost (%v). %s %s, which has %s and was created "+
			"since the request was sent, was found and is now managed by Terraform.",
			l.object(), l.Cause, capitalised(l.Noun), l.Adopted, l.Key)
	case l.CheckErr != nil && l.Discard:
		return sentences(failed+fmt.Sprintf(", and listing the %s to find out whether the API created one failed too (%v).",
			l.Plural, l.CheckErr), tried, fmt.Sprintf("A %s whose secret Terraform never received may exist: look for one "+
			"created just now and delete it.", l.Noun))
	case l.CheckErr != nil:
		return sentences(failed+fmt.Sprintf(", and listing the %s to find out whether the API created it failed too (%v).",
			l.Plural, l.CheckErr), tried, l.whatToCheck())
	case len(l.Leftover) > 0:
		return sentences(failed+fmt.Sprintf(": the API created %s(s) %s but deleting them failed (%v). Terraform never "+
			"received their secret, so nothing can use them: delete them.", l.Noun, strings.Join(l.Leftover, ", "), l.DeleteErr),
			tried)
	case len(l.Candidates) > 1 && !l.Discard:
		return sentences(failed+fmt.Sprintf(". The request may have created one of the %s %s, which all have %s and "+
			"were created since the request was sent; which one is not known.", l.Plural, strings.Join(l.Candidates, ", "), l.Key),
			"Bring the right one under Terraform with `terraform import <resource address> <id>` and delete the others that "+
				"nothing else manages, or delete the untracked ones and run apply again.")
	default:
		return sentences(fmt.Sprintf("Creating %s did not succeed in %s%s; the last one failed with: %v.",
			l.object(), attempts(l.Sends), l.gaveUpBecause(), l.Cause), tried, l.Note)
	}
}

// object names the object asked for: `user "alice"`, or just "key".
func (l *Lost) object() string {
	if l.Name == "" {
		return l.Noun
	}
	return l.Noun + " " + l.Name
}

// tried summarises the history and the clean-up in one sentence.
func (l *Lost) tried() string {
	steps := append([]string(nil), l.History...)
	if len(l.Deleted) > 0 {
		steps = append(steps, fmt.Sprintf("deleted %s(s) %s, made by sends whose answer (and secret) was lost",
			l.Noun, strings.Join(l.Deleted, ", ")))
	}
	if len(steps) == 0 {
		return ""
	}
	return "What was tried: " + strings.Join(steps, "; ") + "."
}

func (l *Lost) gaveUpBecause() string {
	if l.GaveUp {
		return " within the timeout"
	}
	return ""
}

// whatToCheck tells the user how to resolve a create the provider could not
// check.
func (l *Lost) whatToCheck() string {
	return fmt.Sprintf("Check the %s for one with %s (%s): if one was created just now and is yours, bring it under "+
		"Terraform with `terraform import <resource address> <id>`; if not, run apply again.", l.Plural, l.Key, l.Name)
}

// Diagnostics turns the outcome into diagnostics for action (e.g.
// "creating user"): a warning for an adopted object, an error for a failed
// create. API errors keep their attribute paths (fields).
func (o Outcome[T]) Diagnostics(action string, fields apidiag.FieldPaths) diag.Diagnostics {
	var diags diag.Diagnostics
	switch l := o.Lost; {
	case o.Err == nil && (l == nil || l.Adopted == ""):
	case o.Err == nil:
		diags.AddWarning(capitalised(l.Noun)+" created, response lost", l.Error())
	case l == nil:
		apidiag.Append(&diags, action, o.Err, fields)
	case l.CheckErr != nil || len(l.Candidates) > 1 && !l.Discard:
		diags.AddError(capitalised(l.Noun)+" may have been created", l.Error())
	default:
		diags.AddError("Error "+action, l.Error())
	}
	return diags
}

// attempts counts sends in words: "1 attempt", "3 attempts".
func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}

// sentences joins the non-empty sentences with spaces.
func sentences(parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

func capitalised(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}
