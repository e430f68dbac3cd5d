"""The domain model: FollowTheMoney entities plus sources, releases and classifications."""
