<?php
/**
 * Plugin Name:       Valkompass oEmbed
 * Description:       Makes Valkompass quiz URLs a known oEmbed provider: a quiz URL pasted on its own line embeds the whole quiz, with its frame, its sandbox and its resize script, for every author.
 * Version:           1.0.0
 * Requires at least: 4.4
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 *
 * Why: WordPress filters the embed HTML of a provider it does not know (wp_filter_oembed_result()
 * in wp-includes/embed.php): it keeps only the iframe, sandboxes it with allow-scripts alone and
 * drops our script. The HTML of a registered provider it keeps as the provider sends it.
 *
 * Install: download it set to your Valkompass site from that site's /badda-in page (a zip), then
 * in WordPress Plugins > Add New > Upload Plugin, and activate it. Or copy this file into
 * wp-content/plugins/ (activate it) or wp-content/mu-plugins/ (always active), and name your site
 * in wp-config.php, e.g. define( 'VALKOMPASS_URL', 'https://valkompass.tidningen.se' );
 * Embeds already in posts are cached by WordPress: edit and update a post to refresh its embed.
 */

defined( 'ABSPATH' ) || exit;

if ( ! defined( 'VALKOMPASS_URL' ) ) {
	define( 'VALKOMPASS_URL', 'https://valkompass.example' );
}

// The quiz pages: /q/<quiz>/ (and a version's pages below it), also under /embed.
wp_oembed_add_provider(
	'#^' . preg_quote( rtrim( VALKOMPASS_URL, '/' ), '#' ) . '/(embed/)?q/[^/?\#]+#i',
	rtrim( VALKOMPASS_URL, '/' ) . '/oembed',
	true
);
