package userapikey

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webcore/terraform-provider-webcore/internal/client"
)

func TestFromAPIKeepsTheKey(t *testing.T) {
	m := resourceModel{APIKey: types.StringValue("k3y")}
	if diags := m.FromAPI(context.Background(), &client.User{ID: 12, Email: "kim@example.com"}); diags.HasError() {
		t.Fatal(diags)
	}
	if m.ID.ValueString() != "12" || m.UserID.ValueInt64() != 12 {
		t.Errorf("id %s, user_id %d: want 12 and 12", m.ID, m.UserID.ValueInt64())
	}
	if m.APIKey.ValueString() != "k3y" {
		t.Errorf("FromAPI changed the key to %s: the API never shows it again", m.APIKey)
	}
}

func TestToCreateRequestIsTheUser(t *testing.T) {
	id, diags := resourceModel{UserID: types.Int64Value(7)}.ToCreateRequest(context.Background())
	if diags.HasError() || id != 7 {
		t.Errorf("ToCreateRequest = %d, %v; want 7", id, diags)
	}
}
