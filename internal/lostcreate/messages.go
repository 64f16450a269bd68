package lostcreate

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/webcore/terraform-provider-webcore/internal/apidiag"
)

// Lost is a create whose answer never arrived, with what the look-up after
// it found and did. Unless an object was adopted, it is the create's error.
type Lost struct {
	Words
	Discard    bool
	Cause      error     // why the answer was lost
	SentAt     time.Time // when the create was sent
	CheckErr   error     // listing the objects afterwards failed: nothing is known
	Candidates []string  // ids of the objects the natural-key match found
	Adopted    string    // the id adopted, when exactly one was found
	Deleted    []string  // Discard: candidates deleted (or already gone)
	Leftover   []string  // Discard: candidates that could not be deleted
	DeleteErr  error     // Discard: the last deletion error
	Note       string    // the resource's sentence about near misses
}

// Unwrap returns the error that lost the answer.
func (l *Lost) Unwrap() error { return l.Cause }

// Error says what happened to the object and what the user should do.
func (l *Lost) Error() string {
	if l.Discard {
		return l.discardMessage()
	}
	return l.adoptMessage()
}

// adoptMessage explains a lost create of an object Terraform could adopt.
func (l *Lost) adoptMessage() string {
	failed := fmt.Sprintf("Creating %s %s failed (%v)", l.Noun, l.Name, l.Cause)
	switch {
	case l.Adopted != "":
		return fmt.Sprintf("The API's answer to creating %s %s was lost (%v). %s %s, which has %s and was created "+
			"since the request was sent, was found and is now managed by Terraform.",
			l.Noun, l.Name, l.Cause, capitalised(l.Noun), l.Adopted, l.Key)
	case l.CheckErr != nil:
		return sentences(failed+fmt.Sprintf(", and listing the %s to find out whether the API created it failed too (%v).",
			l.Plural, l.CheckErr), l.whatToCheck())
	case len(l.Candidates) == 0:
		return sentences(failed+fmt.Sprintf(". The request may or may not have created the %s: no %s with %s created since %s was found.",
			l.Noun, l.Noun, l.Key, l.SentAt.UTC().Format(time.RFC3339)), l.Note, l.whatToCheck())
	default:
		return sentences(failed+fmt.Sprintf(". The request may have created one of the %s %s, which all have %s and "+
			"were created since the request was sent; which one is not known.", l.Plural, strings.Join(l.Candidates, ", "), l.Key),
			"Bring the right one under Terraform with `terraform import <resource address> <id>` and delete the others that "+
				"nothing else manages, or delete the untracked ones and run apply again.")
	}
}

// whatToCheck tells the user how to resolve an unconfirmed create.
func (l *Lost) whatToCheck() string {
	return fmt.Sprintf("Check the %s for one with %s (%s): if one was created just now and is yours, bring it under "+
		"Terraform with `terraform import <resource address> <id>`; if not, run apply again.", l.Plural, l.Key, l.Name)
}

// discardMessage explains a lost create whose object had to be deleted.
func (l *Lost) discardMessage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the create response was lost (%v)", l.Cause)
	switch {
	case l.CheckErr != nil:
		fmt.Fprintf(&b, ", and listing the %s to check whether the API created one failed (%v). "+
			"A %s whose answer Terraform never received may exist: look for one created just now and delete it, then re-run apply.",
			l.Plural, l.CheckErr, l.Noun)
	case len(l.Leftover) > 0:
		fmt.Fprintf(&b, "; the API created %s(s) %s but deleting them failed (%v). Terraform never received the answer "+
			"that carried their secret: delete them, then re-run apply.", l.Noun, strings.Join(l.Leftover, ", "), l.DeleteErr)
	case len(l.Deleted) > 0:
		fmt.Fprintf(&b, "; the %s the API created (id %s) was deleted because Terraform never received the answer that "+
			"carried its secret. Re-run apply.", l.Noun, strings.Join(l.Deleted, ", "))
	default:
		fmt.Fprintf(&b, "; no new %s appeared, so none was created. Re-run apply.", l.Noun)
	}
	return sentences(b.String(), l.Note)
}

// Diagnostics turns the outcome into diagnostics for action (e.g.
// "creating user"): a warning for an adopted object, an error for a failed
// create. API errors keep their attribute paths (fields).
func (o Outcome[T]) Diagnostics(action string, fields apidiag.FieldPaths) diag.Diagnostics {
	var diags diag.Diagnostics
	switch l := o.Lost; {
	case l == nil:
		apidiag.Append(&diags, action, o.Err, fields)
	case l.Adopted != "":
		diags.AddWarning(capitalised(l.Noun)+" created, response lost", l.Error())
	case l.Discard:
		diags.AddError("Error "+action+": the create response was lost", l.Error())
	default:
		diags.AddError(capitalised(l.Noun)+" may have been created", l.Error())
	}
	return diags
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
