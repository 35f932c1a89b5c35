<?php
/**
 * Plugin Name:       Valkompass oEmbed
 * Description:       Makes Valkompass quiz URLs a known oEmbed provider: a quiz URL pasted on its own line embeds the whole quiz, with its frame, its sandbox and its resize script, for every author.
 * Version:           1.0.0
 * Requires at least: 4.4
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 *
 * WordPress filters the embed HTML of providers it does not know (wp_filter_oembed_result() in
 * wp-includes/embed.php): it keeps only the iframe, sandboxes it with allow-scripts alone and drops
 * our script. For a registered provider it keeps the HTML as the provider sends it. This file
 * registers the quiz pages of one Valkompass site; set VALKOMPASS_URL in wp-config.php to yours:
 *
 *     define( 'VALKOMPASS_URL', 'https://valkompass.example' );
 */

defined( 'ABSPATH' ) || exit;

if ( ! defined( 'VALKOMPASS_URL' ) ) {
	define( 'VALKOMPASS_URL', 'https://valkompass.example' );
}

// The quiz pages: /q/<quiz>/ (also a version's pages below it) and the same under /embed.
wp_oembed_add_provider(
	'#^' . preg_quote( rtrim( VALKOMPASS_URL, '/' ), '#' ) . '/(embed/)?q/[^/?\#]+#i',
	rtrim( VALKOMPASS_URL, '/' ) . '/oembed',
	true
);
