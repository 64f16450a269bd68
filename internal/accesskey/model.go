package accesskey

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/tfmodel"
)

// resourceModel is the Terraform state and plan of a webscale_access_key.
// This file is the only place where it is converted from and to client
// structs.
type resourceModel struct {
	ID         types.String      `tfsdk:"id"`
	Href       types.String      `tfsdk:"href"`
	Type       types.String      `tfsdk:"type"`
	ExpiresAt  timetypes.RFC3339 `tfsdk:"expires_at"`
	Account    types.String      `tfsdk:"account"`
	Durability types.String      `tfsdk:"durability"`
	Secret     types.String      `tfsdk:"secret"`
	LastUsed   timetypes.RFC3339 `tfsdk:"last_used"`
	Timeouts   timeouts.Value    `tfsdk:"timeouts"`
}

var _ tfmodel.ReplacedResource[client.AccessKey, client.AccessKeyConfiguration] = (*resourceModel)(nil)

// ToCreateRequest turns the planned arguments into the create request.
// Unset (null) arguments are not sent, so the API applies its defaults.
func (m resourceModel) ToCreateRequest(context.Context) (client.AccessKeyConfiguration, diag.Diagnostics) {
	cfg := client.AccessKeyConfiguration{Type: client.AccessKeyTypeBearer}
	var diags diag.Diagnostics
	if !m.ExpiresAt.IsNull() && !m.ExpiresAt.IsUnknown() {
		expiry, d := m.ExpiresAt.ValueRFC3339Time()
		diags.Append(d...)
		expiry = expiry.UTC()
		cfg.Expiry = &expiry
	}
	cfg.Account = m.Account.ValueString() // "" when null or unknown: the caller's account
	return cfg, diags
}

// FromAPI copies what the API reports about a key into the model. The
// secret is never in the API's answers after create, so it is left as is.
func (m *resourceModel) FromAPI(_ context.Context, k *client.AccessKey) diag.Diagnostics {
	m.ID = types.StringValue(k.ID())
	m.Href = types.StringValue(k.Href)
	m.Type = types.StringValue(k.Type)
	m.Account = types.StringValue(k.Account)
	m.Durability = types.StringValue(k.Durability)
	m.ExpiresAt = expiryValue(m.ExpiresAt, k.Expiry)
	m.LastUsed = timetypes.NewRFC3339TimePointerValue(utcPointer(k.LastUsed))
	return nil
}

// expiryValue is the API's expiry as a state value, keeping the prior value
// (the user's spelling, e.g. another offset or fractional seconds) when it
// names the same second the API keeps.
func expiryValue(prior timetypes.RFC3339, api *time.Time) timetypes.RFC3339 {
	if api == nil {
		return timetypes.NewRFC3339Null()
	}
	if !prior.IsNull() && !prior.IsUnknown() {
		if p, d := prior.ValueRFC3339Time(); !d.HasError() && p.Truncate(time.Second).Equal(api.Truncate(time.Second)) {
			return prior
		}
	}
	return timetypes.NewRFC3339TimeValue(api.UTC())
}

func utcPointer(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// findKey returns the key with id from a list.
func findKey(keys []client.AccessKey, id string) (client.AccessKey, bool) {
	for _, k := range keys {
		if k.ID() == id {
			return k, true
		}
	}
	return client.AccessKey{}, false
}

// knownTime returns the timestamp of a known, valid value.
func knownTime(v timetypes.RFC3339) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, diags := v.ValueRFC3339Time()
	return t, !diags.HasError()
}

// ephemeralModel is the configuration and result of the ephemeral
// webscale_access_key.
type ephemeralModel struct {
	TTL       timetypes.GoDuration `tfsdk:"ttl"`
	Account   types.String         `tfsdk:"account"`
	ID        types.String         `tfsdk:"id"`
	Href      types.String         `tfsdk:"href"`
	ExpiresAt timetypes.RFC3339    `tfsdk:"expires_at"`
	Secret    types.String         `tfsdk:"secret"`
}

var _ tfmodel.ReplacedResource[client.AccessKeySecret, client.AccessKeyConfiguration] = (*ephemeralModel)(nil)

// setExpiry fills ttl's default and sets expires_at to now plus ttl.
func (m *ephemeralModel) setExpiry(now time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	if m.TTL.IsNull() || m.TTL.IsUnknown() {
		m.TTL = timetypes.NewGoDurationValue(defaultTTL)
	}
	ttl, d := m.TTL.ValueGoDuration()
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	m.ExpiresAt = timetypes.NewRFC3339TimeValue(now.Add(ttl).UTC().Truncate(time.Second))
	return diags
}

// ToCreateRequest turns the expiry and account into the create request.
func (m ephemeralModel) ToCreateRequest(ctx context.Context) (client.AccessKeyConfiguration, diag.Diagnostics) {
	return resourceModel{ExpiresAt: m.ExpiresAt, Account: m.Account}.ToCreateRequest(ctx)
}

// FromAPI copies the new key, secret included, into the result.
func (m *ephemeralModel) FromAPI(_ context.Context, k *client.AccessKeySecret) diag.Diagnostics {
	m.ID = types.StringValue(k.ID())
	m.Href = types.StringValue(k.Href)
	m.Account = types.StringValue(k.Account)
	m.Secret = types.StringValue(k.SecretKey)
	if k.Expiry != nil {
		m.ExpiresAt = timetypes.NewRFC3339TimeValue(k.Expiry.UTC())
	}
	return nil
}
