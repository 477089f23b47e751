-- Goal categories (Betterworks): defined per org by executives. `name_key` is the name in
-- Unicode lower case (goals/category.rs `name_key`), unique per org, so two categories never
-- differ by case only. A goal names at most one category; deleting a category clears it on
-- its goals in the same transaction (store/goals/categories.rs), so no foreign key.
create table categories (
    org_id       text not null,
    id           text not null,
    name         text not null,
    name_key     text not null,
    description  text check (length(description) <= 2048),
    created_at   text not null,
    updated_at   text not null,
    primary key (org_id, id)
);
create unique index categories_by_name on categories (org_id, name_key);

alter table goals add column category_id text;
-- Explore's `category=` filter and a category's deletion: one index range.
create index goals_by_category on goals (org_id, category_id) where category_id is not null;
