// Package tfmodel is the contract every object package's model.go follows,
// and the conversions between API values and Terraform values that the
// models share. A model is the only place where client structs become
// Terraform values and back; its methods have the same names in every
// package, and each package checks that at compile time:
//
//	var _ tfmodel.Resource[resourceModel, client.User, client.UserCreateRequest, client.UserUpdateRequest] = (*resourceModel)(nil)
package tfmodel

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// FromAPI is a model that takes what the API reports about its object.
// Values the API never returns (passwords, secrets, timeouts) keep theirs.
type FromAPI[API any] interface {
	FromAPI(ctx context.Context, object *API) diag.Diagnostics
}

// ToCreateRequest is a model (a plan) that becomes the request creating its
// object. Unknown values, the API's to choose, are not sent.
type ToCreateRequest[Request any] interface {
	ToCreateRequest(ctx context.Context) (Request, diag.Diagnostics)
}

// ToUpdateRequest is a model (a plan) that becomes the request changing its
// object in place, given the prior state; changed is false when nothing the
// API stores differs, so no request is needed.
type ToUpdateRequest[Model, Request any] interface {
	ToUpdateRequest(ctx context.Context, prior Model) (request Request, changed bool, diags diag.Diagnostics)
}

// ToReadRequest is a data source's model (its configuration) that becomes
// the request reading its object.
type ToReadRequest[Request any] interface {
	ToReadRequest(ctx context.Context) (Request, diag.Diagnostics)
}

// Resource is the model of a resource whose objects change in place.
type Resource[Model, API, CreateRequest, UpdateRequest any] interface {
	FromAPI[API]
	ToCreateRequest[CreateRequest]
	ToUpdateRequest[Model, UpdateRequest]
}

// ReplacedResource is the model of a resource whose objects cannot be
// edited: every change replaces them, so there is no update request.
type ReplacedResource[API, CreateRequest any] interface {
	FromAPI[API]
	ToCreateRequest[CreateRequest]
}

// DataSource is the model of a data source.
type DataSource[API, ReadRequest any] interface {
	FromAPI[API]
	ToReadRequest[ReadRequest]
}
