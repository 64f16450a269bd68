package main

// Docs: tfplugindocs renders only <provider>_* objects, so the script exports the schema once and renders
// webcore_* and webscale_* (the latter as a provider named "webscale") in two passes into docs/.
//go:generate ./scripts/generate-docs.sh
