<?php
/*
 * WordPress's own oEmbed filter, run on HTML from stdin: what a WordPress page shows for an oEmbed
 * answer of ours. php wordpress_filter.php <pasted URL> [plugin file]
 *
 * It loads the few files of Debian's wordpress package that wp_filter_oembed_result() needs (no
 * database, no web server) and, when given, our plugin (wordpress/valkompass-oembed.php) first, as
 * WordPress loads plugins before it builds its oEmbed object.
 */
define( 'ABSPATH', '/usr/share/wordpress/' );
define( 'WPINC', 'wp-includes' );
foreach ( array( 'load', 'plugin', 'formatting', 'kses', 'functions', 'class-wp-list-util', 'class-wp-oembed', 'embed' ) as $file ) {
	require ABSPATH . WPINC . "/$file.php";
}

// The two oEmbed filters of wp-includes/default-filters.php (the file as a whole needs all of WordPress).
add_filter( 'oembed_dataparse', 'wp_filter_oembed_iframe_title_attribute', 5, 3 );
add_filter( 'oembed_dataparse', 'wp_filter_oembed_result', 10, 3 );

// What a full WordPress would answer from its options, its pluggable functions and its settings.
add_filter( 'pre_option_blog_charset', function () { return 'UTF-8'; } );
function home_url( $path = '' ) { return 'http://localhost/' . ltrim( $path, '/' ); }
function wp_generate_password( $length = 12, $special_chars = true ) {
	$chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
	$password = '';
	for ( $i = 0; $i < $length; $i++ ) {
		$password .= $chars[ random_int( 0, strlen( $chars ) - 1 ) ];
	}
	return $password;
}

$url = $argv[1];
if ( isset( $argv[2] ) ) {
	require $argv[2];
}
$html = stream_get_contents( STDIN );
$data = (object) array( 'type' => 'rich', 'title' => '' );
$html = apply_filters( 'oembed_dataparse', $html, $data, $url );
echo false === $html ? 'FALSE' : $html;
