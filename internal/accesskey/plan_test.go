package accesskey

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// keyObject builds a raw webscale_access_key value; attributes not given are null.
func keyObject(t *testing.T, s resource.SchemaResponse, attrs map[string]string) tftypes.Value {
	t.Helper()
	objType := s.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, typ := range objType.AttributeTypes {
		if v, ok := attrs[name]; ok {
			values[name] = tftypes.NewValue(tftypes.String, v)
		} else {
			values[name] = tftypes.NewValue(typ, nil)
		}
	}
	return tftypes.NewValue(objType, values)
}

func modifyPlan(t *testing.T, state, plan map[string]string) resource.ModifyPlanResponse {
	return modifyPlanReplacing(t, state, plan, nil)
}

// modifyPlanReplacing runs ModifyPlan after the attribute plan modifiers
// asked to replace the key for the given attributes.
func modifyPlanReplacing(t *testing.T, state, plan map[string]string, replace []string) resource.ModifyPlanResponse {
	t.Helper()
	r := &accessKeyResource{}
	var s resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &s)
	raw := func(attrs map[string]string) tftypes.Value {
		if attrs == nil {
			return tftypes.NewValue(s.Schema.Type().TerraformType(context.Background()), nil)
		}
		return keyObject(t, s, attrs)
	}
	req := resource.ModifyPlanRequest{
		State: tfsdk.State{Schema: s.Schema, Raw: raw(state)},
		Plan:  tfsdk.Plan{Schema: s.Schema, Raw: raw(plan)},
	}
	resp := resource.ModifyPlanResponse{Plan: req.Plan}
	for _, name := range replace {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root(name))
	}
	r.ModifyPlan(context.Background(), req, &resp)
	return resp
}

func TestModifyPlan_createWithPastExpiryFails(t *testing.T) {
	resp := modifyPlan(t, nil, map[string]string{"expires_at": "2020-01-01T00:00:00Z"})
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Summary(), "must be in the future") {
		t.Fatalf("want a must-be-in-the-future error, got %v", resp.Diagnostics)
	}
}

func TestModifyPlan_createWithFutureOrNoExpiryPasses(t *testing.T) {
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	for _, plan := range []map[string]string{{"expires_at": future}, {}} {
		if resp := modifyPlan(t, nil, plan); resp.Diagnostics.HasError() {
			t.Errorf("plan %v: unexpected %v", plan, resp.Diagnostics)
		}
	}
}

func TestModifyPlan_expiredKeyWarnsWithoutReplacing(t *testing.T) {
	past := map[string]string{"id": "7", "expires_at": "2020-01-01T00:00:00Z"}
	resp := modifyPlan(t, past, past)
	if resp.Diagnostics.HasError() || len(resp.Diagnostics.Warnings()) != 1 ||
		!strings.Contains(resp.Diagnostics.Warnings()[0].Detail(), "Access key 7 expired") {
		t.Fatalf("want one expiry warning, got %v", resp.Diagnostics)
	}
	if len(resp.RequiresReplace) != 0 {
		t.Fatalf("an expired key must not be replaced until its expiry changes, got %v", resp.RequiresReplace)
	}
}

// A replacement creates a key too: a past expiry fails at plan, before the
// plan deletes the working key.
func TestModifyPlan_replacementWithPastExpiryFails(t *testing.T) {
	live := map[string]string{"id": "7", "expires_at": "2099-01-01T00:00:00Z"}
	resp := modifyPlanReplacing(t, live, map[string]string{"id": "7", "expires_at": "2020-01-01T00:00:00Z"}, []string{"expires_at"})
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Summary(), "must be in the future") {
		t.Fatalf("want a must-be-in-the-future error, got %v", resp.Diagnostics)
	}
}

func TestModifyPlan_destroyIsNeverBlocked(t *testing.T) {
	resp := modifyPlan(t, map[string]string{"id": "7", "expires_at": "2020-01-01T00:00:00Z"}, nil)
	if len(resp.Diagnostics) != 0 {
		t.Fatalf("destroy must plan without diagnostics, got %v", resp.Diagnostics)
	}
}
