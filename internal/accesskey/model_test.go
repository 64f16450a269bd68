package accesskey

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

func TestExpiryValue_keepsTheUsersSpellingOfTheSameSecond(t *testing.T) {
	api := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	prior := timetypes.NewRFC3339ValueMust("2030-01-01T01:00:00.4+01:00")
	if got := expiryValue(prior, &api); !got.Equal(prior) {
		t.Fatalf("want the prior spelling kept, got %s", got)
	}
	later := api.Add(time.Hour)
	if got := expiryValue(prior, &later); got.ValueString() != "2030-01-01T01:00:00Z" {
		t.Fatalf("want the API's value when it differs, got %s", got)
	}
	if got := expiryValue(prior, nil); !got.IsNull() {
		t.Fatalf("a key without expiry must have a null expires_at, got %s", got)
	}
}

func TestFromAPI_copiesEveryAttributeButTheSecret(t *testing.T) {
	used := time.Date(2026, 11, 23, 10, 0, 0, 0, time.FixedZone("X", 3600))
	m := resourceModel{Secret: types.StringValue("kept"), ExpiresAt: timetypes.NewRFC3339Null()}
	m.FromAPI(context.Background(), &client.AccessKey{Href: "/v2/users/100/access-keys/7", Type: "bearer", Account: "/v2/accounts/1",
		Durability: "persistent", LastUsed: &used})
	want := resourceModel{
		ID: types.StringValue("7"), Href: types.StringValue("/v2/users/100/access-keys/7"), Type: types.StringValue("bearer"),
		ExpiresAt: timetypes.NewRFC3339Null(), Account: types.StringValue("/v2/accounts/1"),
		Durability: types.StringValue("persistent"), Secret: types.StringValue("kept"),
		LastUsed: timetypes.NewRFC3339ValueMust("2026-11-23T09:00:00Z"),
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got %+v\nwant %+v", m, want)
	}
}

func TestToCreateRequest_sendsOnlyWhatIsSet(t *testing.T) {
	m := resourceModel{ExpiresAt: timetypes.NewRFC3339ValueMust("2030-06-01T12:00:00+02:00"), Account: types.StringUnknown()}
	cfg, diags := m.ToCreateRequest(context.Background())
	if diags.HasError() {
		t.Fatal(diags)
	}
	if cfg.Expiry == nil || !cfg.Expiry.Equal(time.Date(2030, 6, 1, 10, 0, 0, 0, time.UTC)) || cfg.Account != "" {
		t.Fatalf("unexpected configuration %+v", cfg)
	}
	m = resourceModel{ExpiresAt: timetypes.NewRFC3339Null(), Account: types.StringValue("/v2/accounts/2")}
	if cfg, _ = m.ToCreateRequest(context.Background()); cfg.Expiry != nil || cfg.Account != "/v2/accounts/2" {
		t.Fatalf("unexpected configuration %+v", cfg)
	}
}

func TestSameInstant(t *testing.T) {
	cases := []struct {
		a     string
		aNull bool
		b     string
		bNull bool
		want  bool
	}{
		{"2030-01-01T00:00:00Z", false, "2030-01-01T01:00:00+01:00", false, true},
		{"2030-01-01T00:00:00Z", false, "2030-01-01T00:00:01Z", false, false},
		{"", true, "", true, true},
		{"", true, "2030-01-01T00:00:00Z", false, false},
		{"2030-01-01T00:00:00Z", false, "", true, false},
		{"garbage", false, "garbage", false, false},
	}
	for _, c := range cases {
		if got := sameInstant(c.a, c.aNull, c.b, c.bNull); got != c.want {
			t.Errorf("sameInstant(%q,%v,%q,%v) = %v, want %v", c.a, c.aNull, c.b, c.bNull, got, c.want)
		}
	}
}
