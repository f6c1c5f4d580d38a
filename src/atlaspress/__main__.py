from atlaspress.app.cli import main

main()
