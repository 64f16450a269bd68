package accesskey

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

// selfUser names the caller in Webscale paths: keys are managed for the user
// whose token the provider uses.
const selfUser = "self"

// reconcileTimeout bounds the clean-up after a lost create response. It runs
// even when the operation's context ended, since that is when it matters most.
const reconcileTimeout = time.Minute

// keyAPI is the part of the Webscale client that managing keys needs.
type keyAPI interface {
	ListAccessKeys(ctx context.Context, user string) ([]client.AccessKey, error)
	CreateAccessKey(ctx context.Context, user string, cfg client.AccessKeyConfiguration) (*client.AccessKeySecret, error)
	DeleteAccessKey(ctx context.Context, user, id string) (*client.AccessKey, error)
}

// createKey creates a key and makes sure no key is left behind whose secret
// Terraform never received: when the response may have been lost after the
// API acted on the request, the keys that appeared since a list taken just
// before the POST are deleted and a LostCreateError says so.
func createKey(ctx context.Context, api keyAPI, dir *keyDirectory, cfg client.AccessKeyConfiguration) (*client.AccessKeySecret, error) {
	// Creates of one provider instance run one at a time, so the list diff
	// below only ever sees this create's key.
	dir.createMu.Lock()
	defer dir.createMu.Unlock()

	before, err := api.ListAccessKeys(ctx, selfUser)
	if err != nil {
		return nil, fmt.Errorf("listing access keys before creating one (needed to clean up if the create response is lost): %w", err)
	}
	dir.invalidate()
	created, err := api.CreateAccessKey(ctx, selfUser, cfg)
	dir.invalidate()
	if err == nil {
		return created, nil
	}
	if !responseMayBeLost(err) {
		return nil, err
	}
	return nil, reconcileLostCreate(ctx, api, before, cfg, err)
}

// responseMayBeLost reports whether a failed create may still have created a
// key: no HTTP answer (timeout, reset, EOF after sending), an unreadable 2xx
// body, or a 5xx that a proxy may have sent after the API committed.
func responseMayBeLost(err error) bool {
	apiErr, ok := client.AsAPIError(err)
	if !ok {
		return true
	}
	return apiErr.Kind == client.KindServer
}

// reconcileLostCreate deletes the key(s) the lost create may have made.
func reconcileLostCreate(ctx context.Context, api keyAPI, before []client.AccessKey, cfg client.AccessKeyConfiguration, cause error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), reconcileTimeout)
	defer cancel()

	lost := &LostCreateError{Cause: cause}
	after, err := api.ListAccessKeys(ctx, selfUser)
	if err != nil {
		lost.CheckErr = err
		return lost
	}
	lost.Unmatched, lost.Orphans = appearedKeys(before, after, cfg)
	for _, id := range lost.Orphans {
		if _, err := api.DeleteAccessKey(ctx, selfUser, id); err != nil && !client.IsNotFound(err) {
			lost.Leftover = append(lost.Leftover, id)
			lost.DeleteErr = err
			continue
		}
		lost.Deleted = append(lost.Deleted, id)
	}
	return lost
}

// appearedKeys returns the ids of keys in after but not in before, split into
// those matching the requested configuration (the lost create's key) and the
// rest (someone else's, left alone).
func appearedKeys(before, after []client.AccessKey, cfg client.AccessKeyConfiguration) (unmatched, matching []string) {
	known := make(map[string]bool, len(before))
	for _, k := range before {
		known[k.ID()] = true
	}
	for _, k := range after {
		id := k.ID()
		if known[id] {
			continue
		}
		if matchesConfiguration(k, cfg) {
			matching = append(matching, id)
		} else {
			unmatched = append(unmatched, id)
		}
	}
	return unmatched, matching
}

func matchesConfiguration(k client.AccessKey, cfg client.AccessKeyConfiguration) bool {
	if cfg.Account != "" && k.Account != cfg.Account {
		return false
	}
	switch {
	case cfg.Expiry == nil:
		return k.Expiry == nil
	case k.Expiry == nil:
		return false
	default:
		// The API keeps whole seconds.
		return cfg.Expiry.Truncate(time.Second).Equal(k.Expiry.Truncate(time.Second))
	}
}

// LostCreateError is a create whose response never arrived, with what the
// clean-up found and did.
type LostCreateError struct {
	Cause     error    // why the response was lost
	CheckErr  error    // listing keys after the loss failed: nothing is known
	Orphans   []string // keys that appeared and match the request
	Deleted   []string // orphans deleted (or already gone)
	Leftover  []string // orphans that could not be deleted
	DeleteErr error    // the last deletion error
	Unmatched []string // keys that appeared but do not match the request; left alone
}

// Error says what happened to the key and what the user should do.
func (e *LostCreateError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the create response was lost (%v)", e.Cause)
	switch {
	case e.CheckErr != nil:
		fmt.Fprintf(&b, ", and listing the access keys to check whether the API created one failed (%v). "+
			"A key whose secret Terraform never received may exist: look for a key created just now in the Webscale control panel "+
			"(Access Keys tab) and delete it, then re-run apply", e.CheckErr)
	case len(e.Leftover) > 0:
		fmt.Fprintf(&b, "; the API created key(s) %s but deleting them failed (%v). Terraform never received their secret: "+
			"delete them in the Webscale control panel (Access Keys tab), then re-run apply", strings.Join(e.Leftover, ", "), e.DeleteErr)
	case len(e.Deleted) > 0:
		fmt.Fprintf(&b, "; the key the API created (id %s) was deleted because Terraform never received its secret. Re-run apply",
			strings.Join(e.Deleted, ", "))
	default:
		b.WriteString("; no new key appeared, so none was created. Re-run apply")
	}
	if len(e.Unmatched) > 0 {
		fmt.Fprintf(&b, ". Key(s) %s appeared meanwhile with other settings and were left alone", strings.Join(slices.Sorted(slices.Values(e.Unmatched)), ", "))
	}
	return b.String() + "."
}

// Unwrap returns the error that lost the response.
func (e *LostCreateError) Unwrap() error { return e.Cause }

// errIsLostCreate reports whether err is a LostCreateError.
func errIsLostCreate(err error) bool {
	var lost *LostCreateError
	return errors.As(err, &lost)
}
