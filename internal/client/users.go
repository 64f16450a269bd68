package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"golang.org/x/sync/errgroup"
)

// User is a Webcore user account.
type User struct {
	ID            int64     `json:"id"`
	Identifier    string    `json:"identifier"`
	Login         string    `json:"login"`
	Email         string    `json:"email"`
	FirstName     string    `json:"first_name"`
	LastName      string    `json:"last_name"`
	Status        string    `json:"status"` // active | suspended | deleted
	RoleIDs       []int64   `json:"role_ids"`
	UserGroupID   int64     `json:"user_group_id"`
	BillingPlanID int64     `json:"billing_plan_id"`
	TimeZone      string    `json:"time_zone"`
	Locale        string    `json:"locale"`
	ActivatedAt   time.Time `json:"activated_at"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"` // changes on every PUT, even failed ones: never use for drift
	DeletedAt     time.Time `json:"deleted_at"`
	SuspendAt     time.Time `json:"suspend_at"`
	UsedCPUs      int64     `json:"used_cpus"`
	UsedMemory    int64     `json:"used_memory"`
	UsedDiskSize  int64     `json:"used_disk_size"`
}

// UnmarshalJSON implements json.Unmarshaler, decoding loosely (see decodeLoose).
func (v *User) UnmarshalJSON(data []byte) error { return decodeLoose(data, v) }

// User statuses.
const (
	UserStatusActive    = "active"
	UserStatusSuspended = "suspended"
	UserStatusDeleted   = "deleted"
)

// UserCreateRequest is the body of POST /users.json. Login, Email and
// Password are required; nil fields are not sent.
type UserCreateRequest struct {
	Login         string  `json:"login"`
	Email         string  `json:"email"`
	Password      string  `json:"password"`
	FirstName     *string `json:"first_name,omitempty"`
	LastName      *string `json:"last_name,omitempty"`
	RoleIDs       []int64 `json:"role_ids,omitempty"`
	UserGroupID   *int64  `json:"user_group_id,omitempty"`
	BillingPlanID *int64  `json:"billing_plan_id,omitempty"`
	TimeZone      *string `json:"time_zone,omitempty"`
	Locale        *string `json:"locale,omitempty"`
	Status        *string `json:"status,omitempty"`
}

// UserUpdateRequest is the body of PUT /users/:id.json; nil fields are left
// unchanged. Login cannot be changed.
type UserUpdateRequest struct {
	Email         *string  `json:"email,omitempty"`
	Password      *string  `json:"password,omitempty"`
	FirstName     *string  `json:"first_name,omitempty"`
	LastName      *string  `json:"last_name,omitempty"`
	RoleIDs       *[]int64 `json:"role_ids,omitempty"` // pointer so an empty list can be sent
	UserGroupID   *int64   `json:"user_group_id,omitempty"`
	BillingPlanID *int64   `json:"billing_plan_id,omitempty"`
	TimeZone      *string  `json:"time_zone,omitempty"`
	Locale        *string  `json:"locale,omitempty"`
	Status        *string  `json:"status,omitempty"`
}

func userPath(id int64) string { return "/users/" + strconv.FormatInt(id, 10) + ".json" }

// CreateUser creates a user (POST /users.json).
func (w *Webcore) CreateUser(ctx context.Context, req UserCreateRequest) (*User, error) {
	rep, err := w.do(ctx, webcoreRequest{method: http.MethodPost, path: "/users.json", body: wrap("user", req)})
	if err != nil {
		return nil, err
	}
	var u User
	if err := w.decode(rep.body, func(b []byte) error { return decodeWrapped(b, &u, "user") }); err != nil {
		return nil, err
	}
	return &u, nil
}

// GetUser reads one user; a destroyed user is a NotFound APIError.
func (w *Webcore) GetUser(ctx context.Context, id int64) (*User, error) {
	var u User
	if err := w.getWrapped(ctx, userPath(id), nil, "user", &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// ListUsers returns every user, following ?page=&per_page= until a short
// page. Pages are read in waves, all pages of a wave at once: one page
// first (a small account costs one request), then two, four, and eight at
// a time from then on, so a long list costs a few round trips rather than
// one per page, and asks for at most pageWaveMax-1 pages past its end:
// requests spent for nothing, which at a rate limit cost time.
func (w *Webcore) ListUsers(ctx context.Context) ([]User, error) {
	var all []User
	seen := map[int64]bool{}
	next := 1
	for wave := 1; ; wave = min(wave*pageWaveGrowth, pageWaveMax) {
		pages, err := w.userPages(ctx, next, wave)
		if err != nil {
			return nil, err
		}
		next += wave
		for _, users := range pages {
			grew := false
			for _, u := range users {
				if !seen[u.ID] {
					seen[u.ID] = true
					all = append(all, u)
					grew = true
				}
			}
			// Stop on a short page, or when a server that ignores paging
			// sends the same users again.
			if len(users) < w.pageSize || !grew {
				return all, nil
			}
		}
	}
}

// pageWaveGrowth is how many times more pages each wave of ListUsers reads,
// up to pageWaveMax pages at once.
const (
	pageWaveGrowth = 2
	pageWaveMax    = 8
)

// userPages reads count pages of users from first on, at once, in order.
func (w *Webcore) userPages(ctx context.Context, first, count int) ([][]User, error) {
	pages := make([][]User, count)
	g, ctx := errgroup.WithContext(ctx)
	for i := range pages {
		g.Go(func() error {
			query := url.Values{"page": {strconv.Itoa(first + i)}, "per_page": {strconv.Itoa(w.pageSize)}}
			users, err := getWrappedList[User](ctx, w, "/users.json", query, "user")
			pages[i] = users
			return err
		})
	}
	return pages, g.Wait()
}

// UpdateUser changes the fields set in req (PUT, 204).
func (w *Webcore) UpdateUser(ctx context.Context, id int64, req UserUpdateRequest) error {
	_, err := w.do(ctx, webcoreRequest{method: http.MethodPut, path: userPath(id), body: wrap("user", req)})
	return err
}

// DeleteUser marks the user deleted, or with force schedules its
// destruction (destroy_user); follow with WaitUserGone.
func (w *Webcore) DeleteUser(ctx context.Context, id int64, force bool) error {
	r := webcoreRequest{method: http.MethodDelete, path: userPath(id)}
	if force {
		r.body = map[string]int{"force": 1}
	}
	_, err := w.do(ctx, r)
	return err
}

// GenerateUserAPIKey creates a new API key for the user and returns it; the
// API shows it only once.
func (w *Webcore) GenerateUserAPIKey(ctx context.Context, id int64) (string, error) {
	path := "/users/" + strconv.FormatInt(id, 10) + "/user_api_keys/generate.json"
	rep, err := w.do(ctx, webcoreRequest{method: http.MethodPost, path: path})
	if err != nil {
		return "", err
	}
	var key struct {
		APIKey flexString `json:"api_key"`
	}
	// {"api_key": "…"} per the spec; {"user_api_key": {"api_key": "…"}} tolerated.
	if err := w.decode(rep.body, func(b []byte) error { return decodeWrapped(b, &key, "user_api_key") }); err != nil {
		return "", err
	}
	if key.APIKey == "" {
		return "", fmt.Errorf("webcore: POST %s: response carried no api_key", path)
	}
	return string(key.APIKey), nil
}
