"""The quiz inside another site's page: the /embed requests' theme and frame rules, the snippet an
editor pastes (``snippet``, the interface the editor uses), oEmbed and the WordPress plugin.
The pages themselves are the voter's, registered a second time under /embed.

May import core, content, store and web; no other feature."""
