"""HTTP plumbing shared by every feature: nothing here knows a feature's pages."""
