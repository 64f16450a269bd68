package providerdata

import (
	"github.com/webcore/terraform-provider-webcore/internal/client"
	"github.com/webcore/terraform-provider-webcore/internal/listcache"
)

// lookupCaches are the lists the data sources find objects in, one per
// object type the API can only be searched in by listing it: the data
// sources of one plan or refresh share one list call per type.
type lookupCaches struct {
	templates    listcache.Cache[client.Template]
	hypervisors  listcache.Cache[client.Hypervisor]
	roles        listcache.Cache[client.Role]
	applications listcache.Cache[client.Application]
}

// Templates is the instance's cache of the template list.
func (c *Clients) Templates() *listcache.Cache[client.Template] {
	if c == nil {
		return new(listcache.Cache[client.Template])
	}
	return &c.lookups.templates
}

// Hypervisors is the instance's cache of the hypervisor list.
func (c *Clients) Hypervisors() *listcache.Cache[client.Hypervisor] {
	if c == nil {
		return new(listcache.Cache[client.Hypervisor])
	}
	return &c.lookups.hypervisors
}

// Roles is the instance's cache of the role list.
func (c *Clients) Roles() *listcache.Cache[client.Role] {
	if c == nil {
		return new(listcache.Cache[client.Role])
	}
	return &c.lookups.roles
}

// Applications is the instance's cache of the Webscale application list.
func (c *Clients) Applications() *listcache.Cache[client.Application] {
	if c == nil {
		return new(listcache.Cache[client.Application])
	}
	return &c.lookups.applications
}
