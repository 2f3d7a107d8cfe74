"""Subscriptions: fetching feeds and pages over HTTP, storing their entries as articles."""
