// Command minimalprovider is the floor the bench compares the webcore provider
// with: a plugin-framework provider with one resource of three strings that
// calls no API. Its plan cost is what Terraform and the framework cost per
// object; whatever the webcore provider spends above it is its own.
//
// Terraform finds it as registry.terraform.io/bench/minimal through the
// bench's dev_overrides; the resource is minimal_user.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Address is where Terraform looks for this provider.
const Address = "registry.terraform.io/bench/minimal"

func main() {
	if err := providerserver.Serve(context.Background(), func() provider.Provider { return minimalProvider{} },
		providerserver.ServeOpts{Address: Address}); err != nil {
		log.Fatal(err)
	}
}

type minimalProvider struct{}

func (minimalProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "minimal"
}

func (minimalProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (minimalProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (minimalProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return userResource{} }}
}

func (minimalProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// userResource has the arguments the bench gives webcore_user (login, email,
// password) and a computed id; it keeps everything in the state alone.
type userResource struct{}

type userModel struct {
	ID       types.String `tfsdk:"id"`
	Login    types.String `tfsdk:"login"`
	Email    types.String `tfsdk:"email"`
	Password types.String `tfsdk:"password"`
}

func (userResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (userResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"login":    schema.StringAttribute{Required: true},
		"email":    schema.StringAttribute{Required: true},
		"password": schema.StringAttribute{Required: true, Sensitive: true},
	}}
}

func (userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = m.Login
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read keeps the state as it is: there is no API to ask.
func (userResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (userResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
