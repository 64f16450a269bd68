package webcore

import (
	"net/http"
	"strconv"
)

// defaultPerPage applies when ?page= is given without ?per_page=.
const defaultPerPage = 100

// paginate returns one page of items; without page and per_page it returns
// everything. Invalid values are a 422 (field errors returned).
func paginate[T any](r *http.Request, items []T) ([]T, fieldErrors) {
	q := r.URL.Query()
	ps, pps := q.Get("page"), q.Get("per_page")
	if ps == "" && pps == "" {
		return items, nil
	}
	fe := fieldErrors{}
	page, perPage := 1, defaultPerPage
	if ps != "" {
		n, err := strconv.Atoi(ps)
		if err != nil || n < 1 {
			fe.add("page", "must be a positive integer")
		}
		page = n
	}
	if pps != "" {
		n, err := strconv.Atoi(pps)
		if err != nil || n < 1 {
			fe.add("per_page", "must be a positive integer")
		}
		perPage = n
	}
	if len(fe) > 0 {
		return nil, fe
	}
	// Compare before multiplying: (page-1)*perPage and start+perPage can overflow
	// for huge values and must never turn into slice bounds.
	pages := len(items) / perPage
	if len(items)%perPage != 0 {
		pages++
	}
	if page > pages {
		return []T{}, nil
	}
	start := (page - 1) * perPage
	return items[start : start+min(perPage, len(items)-start)], nil
}

// okPage answers one page of a list, or 422 for bad paging parameters.
func okPage[T any](r *http.Request, items []T, listName string) reply {
	page, fe := paginate(r, items)
	if fe != nil {
		return unprocessable(fe)
	}
	return okList(page, listName)
}
