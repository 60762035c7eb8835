// Entry "app-store-notifications/testing": explicit re-exports only.
