package tfmodel

import (
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// KnownString is nil for a null or unknown value: the field is not sent.
func KnownString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueStringPointer()
}

// KnownInt64 is nil for a null or unknown value: the field is not sent.
func KnownInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueInt64Pointer()
}

// OptionalID is null for the API's 0 or null, which mean "none".
func OptionalID(id int64) types.Int64 {
	if id == 0 {
		return types.Int64Null()
	}
	return types.Int64Value(id)
}

// EmptyAsNull is null for the API's empty string, which means "none", so
// an omitted optional argument reads back as omitted.
func EmptyAsNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// Timestamp renders an API time as RFC 3339 UTC; null when the API has none.
func Timestamp(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// FormatID is the state form of a numeric API id.
func FormatID(id int64) string { return strconv.FormatInt(id, 10) }

// ParseID reads the numeric API id of a typeName object, kept in state or
// given to import.
func ParseID(typeName, id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("a %s id is the object's numeric id (a positive whole number such as 12), got %q", typeName, id)
	}
	return n, nil
}

// StateID reads the numeric id a typeName resource keeps in state, with an
// error on the id attribute when it is not one.
func StateID(typeName string, id types.String) (int64, diag.Diagnostics) {
	var diags diag.Diagnostics
	n, err := ParseID(typeName, id.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("id"), "Invalid "+typeName+" id in state", err.Error())
	}
	return n, diags
}

// ChangedString is the planned value to send in an update: nil (not sent)
// when it is unknown, null or the same as the prior value.
func ChangedString(plan, prior types.String) *string {
	if plan.Equal(prior) {
		return nil
	}
	return KnownString(plan)
}

// ChangedInt64 is the planned value to send in an update: nil (not sent)
// when it is unknown, null or the same as the prior value.
func ChangedInt64(plan, prior types.Int64) *int64 {
	if plan.Equal(prior) {
		return nil
	}
	return KnownInt64(plan)
}
